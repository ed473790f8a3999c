-- CreateTable
CREATE TABLE "OutboundMessage" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "call" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "result" TEXT,
    "state" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DeliveredEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "claimedAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "payload" TEXT,
    "replays" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_DeliveredEvent" ("claimedAt", "doneAt", "key") SELECT "claimedAt", "doneAt", "key" FROM "DeliveredEvent";
DROP TABLE "DeliveredEvent";
ALTER TABLE "new_DeliveredEvent" RENAME TO "DeliveredEvent";
CREATE INDEX "DeliveredEvent_claimedAt_idx" ON "DeliveredEvent"("claimedAt");
CREATE INDEX "DeliveredEvent_doneAt_claimedAt_idx" ON "DeliveredEvent"("doneAt", "claimedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OutboundMessage_state_claimedUntil_idx" ON "OutboundMessage"("state", "claimedUntil");

-- CreateIndex
CREATE INDEX "OutboundMessage_sentAt_idx" ON "OutboundMessage"("sentAt");

