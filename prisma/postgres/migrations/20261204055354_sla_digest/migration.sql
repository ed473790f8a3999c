-- CreateTable
CREATE TABLE "SlaDigestEntry" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "SlaDigestEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlaDigestEntry_key_key" ON "SlaDigestEntry"("key");

-- CreateIndex
CREATE INDEX "SlaDigestEntry_sentAt_dueAt_idx" ON "SlaDigestEntry"("sentAt", "dueAt");

