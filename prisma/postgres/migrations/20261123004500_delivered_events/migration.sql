-- CreateTable
CREATE TABLE "DeliveredEvent" (
    "key" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "DeliveredEvent_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "DeliveredEvent_claimedAt_idx" ON "DeliveredEvent"("claimedAt");

