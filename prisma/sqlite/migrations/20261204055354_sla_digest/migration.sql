-- CreateTable
CREATE TABLE "SlaDigestEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "SlaDigestEntry_key_key" ON "SlaDigestEntry"("key");

-- CreateIndex
CREATE INDEX "SlaDigestEntry_sentAt_dueAt_idx" ON "SlaDigestEntry"("sentAt", "dueAt");

