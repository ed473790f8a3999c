-- CreateTable
CREATE TABLE "Callback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "ownerId" TEXT,
    "status" TEXT NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "slotKey" TEXT,
    "windows" TEXT,
    "contact" TEXT,
    "timeZone" TEXT NOT NULL,
    "immediate" BOOLEAN NOT NULL DEFAULT false,
    "requestedAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "remindAt" DATETIME,
    "remindedAt" DATETIME,
    "endedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Callback_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Callback_slotKey_key" ON "Callback"("slotKey");

-- CreateIndex
CREATE INDEX "Callback_caseId_status_idx" ON "Callback"("caseId", "status");

-- CreateIndex
CREATE INDEX "Callback_remindAt_idx" ON "Callback"("remindAt");

-- CreateIndex
CREATE INDEX "Callback_ownerId_startsAt_idx" ON "Callback"("ownerId", "startsAt");

