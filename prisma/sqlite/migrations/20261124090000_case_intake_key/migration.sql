-- AlterTable
ALTER TABLE "Case" ADD COLUMN "intakeKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Case_intakeKey_key" ON "Case"("intakeKey");

