-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "waitingSince" TIMESTAMP(3),
ADD COLUMN     "followUpAt" TIMESTAMP(3),
ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SlaMilestone" ADD COLUMN     "pausedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Case_followUpAt_idx" ON "Case"("followUpAt");

