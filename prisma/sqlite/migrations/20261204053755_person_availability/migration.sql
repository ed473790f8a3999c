-- AlterTable
ALTER TABLE "Person" ADD COLUMN "awayUntil" DATETIME;
ALTER TABLE "Person" ADD COLUMN "setupFields" TEXT;

