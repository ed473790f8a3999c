-- CreateTable
CREATE TABLE "LearnedPhrasing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" TEXT NOT NULL,
    "phrasing" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastTeacherId" TEXT,
    "learnedAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    "removedBy" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "LearnedPhrasing_articleId_phrasing_key" ON "LearnedPhrasing"("articleId", "phrasing");

