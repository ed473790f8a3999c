-- CreateTable
CREATE TABLE "DeliveredEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "claimedAt" DATETIME NOT NULL,
    "doneAt" DATETIME
);

-- CreateIndex
CREATE INDEX "DeliveredEvent_claimedAt_idx" ON "DeliveredEvent"("claimedAt");

