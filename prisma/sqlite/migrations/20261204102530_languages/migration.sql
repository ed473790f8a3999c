-- AlterTable
ALTER TABLE "Org" ADD COLUMN "language" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN "language" TEXT;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN "language" TEXT;
ALTER TABLE "Person" ADD COLUMN "locale" TEXT;

