-- AlterTable
ALTER TABLE "Deflection" ADD COLUMN     "openedAt" TIMESTAMP(3);

