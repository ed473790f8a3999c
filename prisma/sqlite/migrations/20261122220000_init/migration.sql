-- CreateTable
CREATE TABLE "Org" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "deployment" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "workDays" JSONB NOT NULL,
    "workStart" TEXT NOT NULL,
    "workEnd" TEXT NOT NULL,
    "country" TEXT,
    "region" TEXT,
    "extraClosedDates" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrgIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "OrgIdentity_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "onCall" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TeamProduct" (
    "product" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    CONSTRAINT "TeamProduct_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamChannel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    CONSTRAINT "TeamChannel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "handle" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "orgId" TEXT,
    "roles" JSONB NOT NULL,
    "teamId" TEXT,
    "timeZone" TEXT,
    "shiftStart" TEXT,
    "shiftEnd" TEXT,
    "shiftDays" JSONB NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 15,
    "availability" TEXT NOT NULL DEFAULT 'available',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Person_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Person_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    CONSTRAINT "PersonIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "orgId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "teamId" TEXT,
    "title" TEXT NOT NULL,
    "situation" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "seriousness" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "assigneeId" TEXT,
    "originPlatform" TEXT,
    "originChannelId" TEXT,
    "originThreadId" TEXT,
    "originMessageId" TEXT,
    "customerPlatform" TEXT,
    "customerChannelId" TEXT,
    "customerThreadId" TEXT,
    "customerMessageId" TEXT,
    "alertPlatform" TEXT,
    "alertChannelId" TEXT,
    "alertThreadId" TEXT,
    "alertMessageId" TEXT,
    "openedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Case_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL,
    "data" JSONB NOT NULL,
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SlaMilestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "businessHours" BOOLEAN NOT NULL,
    "metAt" DATETIME,
    "breachedAt" DATETIME,
    "warnedLevel" REAL,
    "nextCheckAt" DATETIME,
    CONSTRAINT "SlaMilestone_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Deflection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "askedAt" DATETIME NOT NULL,
    "platform" TEXT NOT NULL,
    "askerId" TEXT,
    "orgId" TEXT,
    "question" TEXT NOT NULL,
    "articleIds" JSONB NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "outcomeAt" DATETIME,
    "caseId" TEXT
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Org_slug_key" ON "Org"("slug");

-- CreateIndex
CREATE INDEX "OrgIdentity_orgId_idx" ON "OrgIdentity"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "OrgIdentity_platform_kind_value_key" ON "OrgIdentity"("platform", "kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE INDEX "TeamProduct_teamId_idx" ON "TeamProduct"("teamId");

-- CreateIndex
CREATE INDEX "TeamChannel_teamId_idx" ON "TeamChannel"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamChannel_platform_channelId_key" ON "TeamChannel"("platform", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_handle_key" ON "Person"("handle");

-- CreateIndex
CREATE INDEX "Person_teamId_idx" ON "Person"("teamId");

-- CreateIndex
CREATE INDEX "Person_orgId_idx" ON "Person"("orgId");

-- CreateIndex
CREATE INDEX "PersonIdentity_personId_idx" ON "PersonIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonIdentity_platform_userId_key" ON "PersonIdentity"("platform", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_number_key" ON "Case"("number");

-- CreateIndex
CREATE INDEX "Case_orgId_status_idx" ON "Case"("orgId", "status");

-- CreateIndex
CREATE INDEX "Case_teamId_status_idx" ON "Case"("teamId", "status");

-- CreateIndex
CREATE INDEX "Case_assigneeId_status_idx" ON "Case"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Case_alertChannelId_alertThreadId_idx" ON "Case"("alertChannelId", "alertThreadId");

-- CreateIndex
CREATE INDEX "Case_customerChannelId_customerThreadId_idx" ON "Case"("customerChannelId", "customerThreadId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_idx" ON "CaseEvent"("caseId");

-- CreateIndex
CREATE INDEX "CaseEvent_kind_at_idx" ON "CaseEvent"("kind", "at");

-- CreateIndex
CREATE INDEX "SlaMilestone_nextCheckAt_idx" ON "SlaMilestone"("nextCheckAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlaMilestone_caseId_kind_key" ON "SlaMilestone"("caseId", "kind");

-- CreateIndex
CREATE INDEX "Deflection_askedAt_idx" ON "Deflection"("askedAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_nextAttemptAt_idx" ON "OutboxMessage"("platform", "nextAttemptAt");


-- Seed: case numbers start at CASE-1001 (Counter holds the last number handed out).
INSERT INTO "Counter" ("name", "value") VALUES ('case', 1000);
