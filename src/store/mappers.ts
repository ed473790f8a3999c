// Rows ↔ domain types. JSON columns are validated loosely here: the store wrote them itself.
import type {
  Availability,
  CaseEvent,
  CaseEventKind,
  CaseStatus,
  CaseType,
  Deflection,
  DeflectionOutcome,
  Deployment,
  MilestoneKind,
  Org,
  OrgIdentity,
  Person,
  Place,
  Platform,
  PlatformIdentity,
  Role,
  Shift,
  SlaMilestone,
  SupportCase,
  Team,
} from '../core/model.js';
import type { Prisma } from './generated/sqlite/client.js';

type JsonValue = Prisma.JsonValue;

export function stringArray(value: JsonValue | null | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function numberArray(value: JsonValue | null | undefined): number[] {
  return Array.isArray(value)
    ? value.filter((item): item is number => typeof item === 'number')
    : [];
}

export function record(value: JsonValue | null | undefined): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

export function caseReference(number: number): string {
  return `CASE-${number}`;
}

interface OrgRow {
  id: string;
  slug: string;
  name: string;
  tier: string;
  deployment: string;
  timeZone: string;
  workDays: JsonValue;
  workStart: string;
  workEnd: string;
  country: string | null;
  region: string | null;
  extraClosedDates: JsonValue;
  language: string | null;
  identities: { platform: string; kind: string; value: string }[];
}

export function toOrg(row: OrgRow): Org {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    tier: row.tier,
    deployment: row.deployment as Deployment,
    calendar: {
      timeZone: row.timeZone,
      hours: { days: numberArray(row.workDays), start: row.workStart, end: row.workEnd },
      ...(row.country ? { country: row.country } : {}),
      ...(row.region ? { region: row.region } : {}),
      extraClosedDates: stringArray(row.extraClosedDates),
    },
    identities: row.identities.map((identity): OrgIdentity => ({
      platform: identity.platform as Platform,
      kind: identity.kind as OrgIdentity['kind'],
      value: identity.value,
    })),
    language: row.language,
  };
}

interface TeamRow {
  id: string;
  slug: string;
  name: string;
  onCall: JsonValue;
  language: string | null;
  products: { label: string }[];
  channels: { platform: string; channelId: string }[];
}

export function toTeam(row: TeamRow): Team {
  const onCall = Array.isArray(row.onCall) ? row.onCall.map(record) : [];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    products: row.products.map((product) => product.label).sort(),
    channels: row.channels.map((channel) => ({
      platform: channel.platform as Platform,
      channelId: channel.channelId,
    })),
    onCall: onCall.map((entry) => ({
      platform: entry.platform as Platform,
      roleId: String(entry.roleId),
    })),
    language: row.language,
  };
}

interface PersonRow {
  id: string;
  handle: string;
  displayName: string;
  orgId: string | null;
  roles: JsonValue;
  teamId: string | null;
  timeZone: string | null;
  shiftStart: string | null;
  shiftEnd: string | null;
  shiftDays: JsonValue;
  capacity: number;
  availability: string;
  awayUntil: Date | null;
  language: string | null;
  locale: string | null;
  identities: { platform: string; userId: string }[];
}

export function toPerson(row: PersonRow): Person {
  const shift: Shift | null =
    row.shiftStart && row.shiftEnd
      ? { start: row.shiftStart, end: row.shiftEnd, days: numberArray(row.shiftDays) }
      : null;
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    orgId: row.orgId,
    roles: stringArray(row.roles) as Role[],
    identities: row.identities.map((identity): PlatformIdentity => ({
      platform: identity.platform as Platform,
      userId: identity.userId,
    })),
    teamId: row.teamId,
    timeZone: row.timeZone,
    shift,
    capacity: row.capacity,
    availability: row.availability as Availability,
    awayUntil: row.awayUntil,
    language: row.language,
    locale: row.locale,
  };
}

export const orgInclude = { identities: true } as const;
export const teamInclude = { products: true, channels: true } as const;
export const personInclude = { identities: true } as const;

type PlacePrefix = 'origin' | 'customer' | 'alert';
type PlaceColumns = {
  [K in `${PlacePrefix}${'Platform' | 'ChannelId' | 'ThreadId' | 'MessageId'}`]: string | null;
};

function readPlace(row: PlaceColumns, prefix: PlacePrefix): Place | null {
  const platform = row[`${prefix}Platform`];
  const channelId = row[`${prefix}ChannelId`];
  if (!platform || !channelId) return null;
  return {
    platform: platform as Platform,
    channelId,
    threadId: row[`${prefix}ThreadId`],
    messageId: row[`${prefix}MessageId`],
  };
}

export function placeColumns(prefix: PlacePrefix, place: Place | null): Partial<PlaceColumns> {
  return {
    [`${prefix}Platform`]: place?.platform ?? null,
    [`${prefix}ChannelId`]: place?.channelId ?? null,
    [`${prefix}ThreadId`]: place?.threadId ?? null,
    [`${prefix}MessageId`]: place?.messageId ?? null,
  };
}

export type CaseRow = PlaceColumns & {
  id: string;
  number: number;
  orgId: string;
  requesterId: string;
  teamId: string | null;
  title: string;
  situation: string;
  severity: number;
  seriousness: string;
  product: string;
  type: string;
  status: string;
  assigneeId: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  waitingSince: Date | null;
  followUpAt: Date | null;
  remindedAt: Date | null;
};

export function toCase(row: CaseRow): SupportCase {
  return {
    id: row.id,
    number: row.number,
    reference: caseReference(row.number),
    orgId: row.orgId,
    requesterId: row.requesterId,
    teamId: row.teamId,
    title: row.title,
    situation: row.situation,
    severity: row.severity,
    seriousness: row.seriousness,
    product: row.product,
    type: row.type as CaseType,
    status: row.status as CaseStatus,
    assigneeId: row.assigneeId,
    origin: readPlace(row, 'origin'),
    customerPlace: readPlace(row, 'customer'),
    alertPlace: readPlace(row, 'alert'),
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    closedAt: row.closedAt,
    updatedAt: row.updatedAt,
    waitingSince: row.waitingSince,
    followUpAt: row.followUpAt,
    remindedAt: row.remindedAt,
  };
}

export function toCaseEvent(row: {
  id: number;
  caseId: string;
  kind: string;
  actorId: string | null;
  at: Date;
  data: JsonValue;
}): CaseEvent {
  return {
    id: String(row.id),
    caseId: row.caseId,
    kind: row.kind as CaseEventKind,
    actorId: row.actorId,
    at: row.at,
    data: record(row.data),
  };
}

export function toMilestone(row: {
  id: string;
  caseId: string;
  kind: string;
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  metAt: Date | null;
  breachedAt: Date | null;
  warnedLevel: number | null;
  nextCheckAt: Date | null;
  /** Absent when a query did not select it (the report's read-only queries): not paused. */
  pausedAt?: Date | null;
}): SlaMilestone {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind as MilestoneKind,
    startedAt: row.startedAt,
    dueAt: row.dueAt,
    businessHours: row.businessHours,
    metAt: row.metAt,
    breachedAt: row.breachedAt,
    warnedAt: row.warnedLevel,
    nextCheckAt: row.nextCheckAt,
    pausedAt: row.pausedAt ?? null,
  };
}

export function toDeflection(row: {
  id: string;
  askedAt: Date;
  platform: string;
  askerId: string | null;
  orgId: string | null;
  question: string;
  articleIds: JsonValue;
  outcome: string;
  outcomeAt: Date | null;
  caseId: string | null;
  openedAt?: Date | null;
}): Deflection {
  return {
    id: row.id,
    askedAt: row.askedAt,
    platform: row.platform as Platform,
    askerId: row.askerId,
    orgId: row.orgId,
    question: row.question,
    articleIds: stringArray(row.articleIds),
    outcome: row.outcome as DeflectionOutcome,
    outcomeAt: row.outcomeAt,
    caseId: row.caseId,
    openedAt: row.openedAt ?? null,
  };
}
