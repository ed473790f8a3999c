-- CreateTable
CREATE TABLE "CaseRating" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "resolvedAt" TIMESTAMP(3) NOT NULL,
    "raterId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "ratedAt" TIMESTAMP(3) NOT NULL,
    "workKey" TEXT,

    CONSTRAINT "CaseRating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseRating_resolvedAt_idx" ON "CaseRating"("resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseRating_caseId_resolution_key" ON "CaseRating"("caseId", "resolution");

-- AddForeignKey
ALTER TABLE "CaseRating" ADD CONSTRAINT "CaseRating_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

