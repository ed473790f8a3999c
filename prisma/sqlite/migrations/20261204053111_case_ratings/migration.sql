-- CreateTable
CREATE TABLE "CaseRating" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "resolvedAt" DATETIME NOT NULL,
    "raterId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "ratedAt" DATETIME NOT NULL,
    "workKey" TEXT,
    CONSTRAINT "CaseRating_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CaseRating_resolvedAt_idx" ON "CaseRating"("resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseRating_caseId_resolution_key" ON "CaseRating"("caseId", "resolution");

