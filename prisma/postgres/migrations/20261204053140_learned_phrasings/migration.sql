-- CreateTable
CREATE TABLE "LearnedPhrasing" (
    "id" SERIAL NOT NULL,
    "articleId" TEXT NOT NULL,
    "phrasing" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastTeacherId" TEXT,
    "learnedAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,

    CONSTRAINT "LearnedPhrasing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LearnedPhrasing_articleId_phrasing_key" ON "LearnedPhrasing"("articleId", "phrasing");

