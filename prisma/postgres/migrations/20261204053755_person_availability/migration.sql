-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "awayUntil" TIMESTAMP(3),
ADD COLUMN     "setupFields" TEXT;

