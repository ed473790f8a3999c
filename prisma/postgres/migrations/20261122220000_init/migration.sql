-- CreateTable
CREATE TABLE "Org" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Org_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgIdentity" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "OrgIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "onCall" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamProduct" (
    "product" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,

    CONSTRAINT "TeamProduct_pkey" PRIMARY KEY ("product")
);

-- CreateTable
CREATE TABLE "TeamChannel" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,

    CONSTRAINT "TeamChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonIdentity" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "PersonIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
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
    "openedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" SERIAL NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaMilestone" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "businessHours" BOOLEAN NOT NULL,
    "metAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),
    "warnedLevel" DOUBLE PRECISION,
    "nextCheckAt" TIMESTAMP(3),

    CONSTRAINT "SlaMilestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deflection" (
    "id" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "platform" TEXT NOT NULL,
    "askerId" TEXT,
    "orgId" TEXT,
    "question" TEXT NOT NULL,
    "articleIds" JSONB NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "outcomeAt" TIMESTAMP(3),
    "caseId" TEXT,

    CONSTRAINT "Deflection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "OrgIdentity" ADD CONSTRAINT "OrgIdentity_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamProduct" ADD CONSTRAINT "TeamProduct_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamChannel" ADD CONSTRAINT "TeamChannel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonIdentity" ADD CONSTRAINT "PersonIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaMilestone" ADD CONSTRAINT "SlaMilestone_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Seed: case numbers start at CASE-1001 (Counter holds the last number handed out).
INSERT INTO "Counter" ("name", "value") VALUES ('case', 1000);
