-- AlterTable
ALTER TABLE "DeliveredEvent" ADD COLUMN     "payload" TEXT,
ADD COLUMN     "replays" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "call" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "result" TEXT,
    "state" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "OutboundMessage_state_claimedUntil_idx" ON "OutboundMessage"("state", "claimedUntil");

-- CreateIndex
CREATE INDEX "OutboundMessage_sentAt_idx" ON "OutboundMessage"("sentAt");

-- CreateIndex
CREATE INDEX "DeliveredEvent_doneAt_claimedAt_idx" ON "DeliveredEvent"("doneAt", "claimedAt");

