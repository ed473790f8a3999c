-- AlterTable
ALTER TABLE "Deflection" ADD COLUMN "openedAt" DATETIME;

