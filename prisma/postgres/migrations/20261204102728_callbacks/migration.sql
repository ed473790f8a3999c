-- CreateTable
CREATE TABLE "Callback" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "ownerId" TEXT,
    "status" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "slotKey" TEXT,
    "windows" TEXT,
    "contact" TEXT,
    "timeZone" TEXT NOT NULL,
    "immediate" BOOLEAN NOT NULL DEFAULT false,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "remindAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Callback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Callback_slotKey_key" ON "Callback"("slotKey");

-- CreateIndex
CREATE INDEX "Callback_caseId_status_idx" ON "Callback"("caseId", "status");

-- CreateIndex
CREATE INDEX "Callback_remindAt_idx" ON "Callback"("remindAt");

-- CreateIndex
CREATE INDEX "Callback_ownerId_startsAt_idx" ON "Callback"("ownerId", "startsAt");

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

