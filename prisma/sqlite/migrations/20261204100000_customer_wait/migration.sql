-- AlterTable
ALTER TABLE "Case" ADD COLUMN "waitingSince" DATETIME;
ALTER TABLE "Case" ADD COLUMN "followUpAt" DATETIME;
ALTER TABLE "Case" ADD COLUMN "remindedAt" DATETIME;

-- AlterTable
ALTER TABLE "SlaMilestone" ADD COLUMN "pausedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Case_followUpAt_idx" ON "Case"("followUpAt");

