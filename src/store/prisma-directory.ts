// Orgs, people and teams. Reads are simple lookups; the upserts are what the setup sync uses
// (keyed by slug/handle, child rows replaced) so that syncing the same file twice changes nothing.
import { randomUUID } from 'node:crypto';
import type {
  Availability,
  OrgIdentity,
  Person,
  Platform,
  PlatformIdentity,
  Shift,
} from '../core/model.js';
import type { Directory, OrgInput, PersonInput, TeamInput } from '../core/ports/storage.js';
import {
  orgInclude,
  personInclude,
  teamInclude,
  toJson,
  toOrg,
  toPerson,
  toTeam,
} from './mappers.js';
import type { PrismaContext } from './prisma-context.js';
import { sqltag } from '@prisma/client/runtime/client';
import { jsonValue } from './raw-sql.js';

export function createPrismaDirectory(ctx: PrismaContext): Directory {
  const { gate } = ctx;
  const db = () => ctx.db;

  async function orgWhere(where: { id: string } | { slug: string }) {
    const row = await db().org.findUnique({ where, include: orgInclude });
    return row ? toOrg(row) : null;
  }
  async function personWhere(where: { id: string } | { handle: string }) {
    const row = await db().person.findUnique({ where, include: personInclude });
    return row ? toPerson(row) : null;
  }
  async function teamWhere(where: { id: string } | { slug: string }) {
    const row = await db().team.findUnique({ where, include: teamInclude });
    return row ? toTeam(row) : null;
  }

  return {
    orgById: (id) => gate.run(() => orgWhere({ id })),
    orgBySlug: (slug) => gate.run(() => orgWhere({ slug })),
    orgForIdentities: (identities: OrgIdentity[]) =>
      gate.run(async () => {
        for (const identity of identities) {
          const row = await db().orgIdentity.findUnique({
            where: {
              platform_kind_value: {
                platform: identity.platform,
                kind: identity.kind,
                value: identity.value,
              },
            },
            include: { org: { include: orgInclude } },
          });
          if (row) return toOrg(row.org);
        }
        return null;
      }),
    listOrgs: () =>
      gate.run(async () =>
        (await db().org.findMany({ include: orgInclude, orderBy: { slug: 'asc' } })).map(toOrg),
      ),

    personById: (id) => gate.run(() => personWhere({ id })),
    personByHandle: (handle) => gate.run(() => personWhere({ handle })),
    // Most askers of a busy channel are not in the directory yet: one raw lookup of the id says
    // so at a third of the query API's cost, and only a known person is read in full.
    personByIdentity: (identity: PlatformIdentity) =>
      gate.run(async () => {
        const found = await ctx.raw.query<{ personId: string }>(sqltag`
          SELECT "personId" FROM "PersonIdentity"
          WHERE "platform" = ${identity.platform} AND "userId" = ${identity.userId}`);
        const personId = found[0]?.personId;
        return personId ? personWhere({ id: personId }) : null;
      }),
    ensurePerson: (input) => gate.run(() => ensurePerson(ctx, input)),
    setAvailability: (personId: string, availability: Availability, awayUntil?: Date | null) =>
      gate.run(async () => {
        await db().person.update({
          where: { id: personId },
          data: { availability, awayUntil: awayUntil ?? null },
        });
      }),
    setShift: (personId: string, shift: Shift, timeZone: string) =>
      gate.run(async () => {
        await db().person.update({
          where: { id: personId },
          data: {
            timeZone,
            shiftStart: shift.start,
            shiftEnd: shift.end,
            shiftDays: toJson(shift.days),
          },
        });
      }),
    setLanguage: (personId: string, language: string | null) =>
      gate.run(async () => {
        await db().person.update({ where: { id: personId }, data: { language } });
      }),
    noteLocale: (personId: string, locale: string) =>
      gate.run(async () => {
        await db().person.update({ where: { id: personId }, data: { locale } });
      }),

    teamById: (id) => gate.run(() => teamWhere({ id })),
    teamBySlug: (slug) => gate.run(() => teamWhere({ slug })),
    teamForProduct: (product) =>
      gate.run(async () => {
        const row = await db().teamProduct.findUnique({
          where: { product: product.trim().toLowerCase() },
          include: { team: { include: teamInclude } },
        });
        return row ? toTeam(row.team) : null;
      }),
    teamForChannel: (platform: Platform, channelId: string) =>
      gate.run(async () => {
        const row = await db().teamChannel.findUnique({
          where: { platform_channelId: { platform, channelId } },
          include: { team: { include: teamInclude } },
        });
        return row ? toTeam(row.team) : null;
      }),
    listTeams: () =>
      gate.run(async () =>
        (await db().team.findMany({ include: teamInclude, orderBy: { slug: 'asc' } })).map(toTeam),
      ),
    listProducts: () =>
      gate.run(async () =>
        (await db().teamProduct.findMany({ orderBy: { label: 'asc' } })).map((row) => row.label),
      ),
    engineersOfTeam: (teamId) =>
      gate.run(async () => {
        const rows = await db().person.findMany({
          where: { teamId },
          include: personInclude,
          orderBy: { handle: 'asc' },
        });
        return rows.map(toPerson).filter((person) => person.roles.includes('engineer'));
      }),

    upsertOrg: (input) => gate.run(() => ctx.atomically((tx) => upsertOrg(tx, input))),
    upsertTeam: (input) => gate.run(() => ctx.atomically((tx) => upsertTeam(tx, input))),
    upsertPerson: (input) => gate.run(() => ctx.atomically((tx) => upsertPerson(tx, input))),
  };
}

type Db = PrismaContext['db'];

async function upsertOrg(db: Db, input: OrgInput) {
  const data = {
    name: input.name,
    tier: input.tier,
    deployment: input.deployment,
    timeZone: input.calendar.timeZone,
    workDays: toJson(input.calendar.hours.days),
    workStart: input.calendar.hours.start,
    workEnd: input.calendar.hours.end,
    country: input.calendar.country ?? null,
    region: input.calendar.region ?? null,
    extraClosedDates: toJson(input.calendar.extraClosedDates ?? []),
    language: input.language ?? null,
  };
  const org = await db.org.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, ...data },
    update: data,
  });
  await db.orgIdentity.deleteMany({ where: { orgId: org.id } });
  // An identity moves to this org if another org declared it before (the file is the truth).
  for (const identity of input.identities) {
    await db.orgIdentity.deleteMany({
      where: { platform: identity.platform, kind: identity.kind, value: identity.value },
    });
    await db.orgIdentity.create({ data: { orgId: org.id, ...identity } });
  }
  return toOrg(await db.org.findUniqueOrThrow({ where: { id: org.id }, include: orgInclude }));
}

async function upsertTeam(db: Db, input: TeamInput) {
  const data = { name: input.name, onCall: toJson(input.onCall), language: input.language ?? null };
  const team = await db.team.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, ...data },
    update: data,
  });
  await db.teamProduct.deleteMany({ where: { teamId: team.id } });
  await db.teamChannel.deleteMany({ where: { teamId: team.id } });
  for (const label of input.products) {
    const product = label.trim().toLowerCase();
    await db.teamProduct.deleteMany({ where: { product } });
    await db.teamProduct.create({ data: { product, label: label.trim(), teamId: team.id } });
  }
  for (const channel of input.channels) {
    await db.teamChannel.deleteMany({
      where: { platform: channel.platform, channelId: channel.channelId },
    });
    await db.teamChannel.create({
      data: { teamId: team.id, platform: channel.platform, channelId: channel.channelId },
    });
  }
  return toTeam(await db.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }));
}

/** What the setup file said of the fields chat may change, as last synced. */
interface SetupFields {
  availability: Availability | null;
  shift: Shift | null;
  timeZone: string | null;
  language?: string | null;
}

function readSetupFields(text: string | null): SetupFields | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as SetupFields;
  } catch {
    return null;
  }
}

async function upsertPerson(db: Db, input: PersonInput) {
  const fileSays: SetupFields = {
    availability: input.availability ?? null,
    shift: input.shift
      ? { start: input.shift.start, end: input.shift.end, days: [...input.shift.days] }
      : null,
    timeZone: input.timeZone,
    language: input.language ?? null,
  };
  const before = await db.person.findUnique({
    where: { handle: input.handle },
    select: { setupFields: true },
  });
  const lastSaid = readSetupFields(before?.setupFields ?? null);
  // A row synced before setupFields existed: as then, availability changes only when the file
  // names it (someone away stays away on the first sync after an upgrade).
  const upgrading = before !== null && lastSaid === null;
  // A field is written when the file's value changed since the last sync (or on the first one):
  // a change made in chat holds until the file changes that field, and a field removed from the
  // file returns to its default. The shift and its time zone go together (`/shift` sets both).
  const changed = (fields: (keyof SetupFields)[]) =>
    lastSaid === null ||
    fields.some((field) => JSON.stringify(lastSaid[field]) !== JSON.stringify(fileSays[field]));
  const shiftData = {
    timeZone: input.timeZone,
    shiftStart: input.shift?.start ?? null,
    shiftEnd: input.shift?.end ?? null,
    shiftDays: toJson(input.shift?.days ?? []),
  };
  const availabilityData = { availability: input.availability ?? 'available', awayUntil: null };
  const data = {
    displayName: input.displayName,
    orgId: input.orgId,
    roles: toJson(input.roles),
    teamId: input.teamId,
    capacity: input.capacity ?? 15,
    setupFields: JSON.stringify(fileSays),
  };
  const person = await db.person.upsert({
    where: { handle: input.handle },
    create: {
      handle: input.handle,
      ...data,
      ...shiftData,
      ...availabilityData,
      language: input.language ?? null,
    },
    update: {
      ...data,
      ...(changed(['shift', 'timeZone']) ? shiftData : {}),
      ...(changed(['language']) ? { language: input.language ?? null } : {}),
      ...(changed(['availability']) && !(upgrading && input.availability === undefined)
        ? availabilityData
        : {}),
    },
  });
  for (const identity of input.identities) {
    const existing = await db.personIdentity.findUnique({
      where: { platform_userId: { platform: identity.platform, userId: identity.userId } },
    });
    if (existing?.personId === person.id) continue;
    // A platform account first seen as an unknown customer now belongs to the declared person.
    if (existing) await db.personIdentity.delete({ where: { id: existing.id } });
    await db.personIdentity.create({ data: { personId: person.id, ...identity } });
  }
  const keep = input.identities.map((identity) => `${identity.platform}:${identity.userId}`);
  const current = await db.personIdentity.findMany({ where: { personId: person.id } });
  for (const row of current) {
    if (!keep.includes(`${row.platform}:${row.userId}`))
      await db.personIdentity.delete({ where: { id: row.id } });
  }
  return toPerson(
    await db.person.findUniqueOrThrow({ where: { id: person.id }, include: personInclude }),
  );
}

async function ensurePerson(
  ctx: PrismaContext,
  input: { identity: PlatformIdentity; displayName: string; orgId: string | null },
) {
  // A new customer (every first question) is the common case: written in one short transaction
  // of raw statements. Anything else (the identity or handle exists, a race with another
  // replica) fails it and takes the general path below, which reads what is there.
  if (!ctx.inTransaction) {
    const created = await createCustomer(ctx, input).catch(() => null);
    if (created) return created;
  }
  const { identity } = input;
  const existing = await ctx.db.personIdentity.findUnique({
    where: { platform_userId: { platform: identity.platform, userId: identity.userId } },
    include: { person: { include: personInclude } },
  });
  if (existing) {
    if (existing.person.orgId || !input.orgId) return toPerson(existing.person);
    const row = await ctx.db.person.update({
      where: { id: existing.personId },
      data: { orgId: input.orgId },
      include: personInclude,
    });
    return toPerson(row);
  }
  const handle = `${identity.platform}:${identity.userId}`;
  return ctx.atomically(async (tx) => {
    const row = await tx.person.upsert({
      where: { handle },
      create: {
        handle,
        displayName: input.displayName,
        orgId: input.orgId,
        roles: toJson(['customer']),
        shiftDays: toJson([]),
        identities: { create: { platform: identity.platform, userId: identity.userId } },
      },
      update: {},
      include: personInclude,
    });
    return toPerson(row);
  });
}

/**
 * Inserts a new customer and its identity (Prisma's nested upsert took eight statements, each
 * costing about three times a raw one's CPU). Both inserts are plain: a person or identity that
 * exists already fails them whole. On SQLite they are one transaction of two INSERTs (a savepoint
 * of the open group commit); on PostgreSQL one statement, its first INSERT a writable CTE: atomic
 * by itself, one round trip to the server where BEGIN, two INSERTs and COMMIT took four (each a
 * wait for the server, and pg's CPU for a query). The Person returned is what was written
 * (defaults as in the schema).
 */
async function createCustomer(
  ctx: PrismaContext,
  input: { identity: PlatformIdentity; displayName: string; orgId: string | null },
): Promise<Person> {
  const { identity } = input;
  const id = randomUUID();
  const now = new Date();
  const handle = `${identity.platform}:${identity.userId}`;
  const insertPerson = sqltag`
      INSERT INTO "Person" ("id", "handle", "displayName", "orgId", "roles", "shiftDays", "capacity",
        "availability", "createdAt", "updatedAt")
      VALUES (${id}, ${handle}, ${input.displayName}, ${input.orgId}, ${jsonValue(ctx, ['customer'])}, ${jsonValue(ctx, [])},
        ${CUSTOMER_DEFAULTS.capacity}, ${CUSTOMER_DEFAULTS.availability}, ${now}, ${now})`;
  if (ctx.provider === 'postgresql')
    await ctx.raw.execute(sqltag`
      WITH "person" AS (${insertPerson} RETURNING "id")
      INSERT INTO "PersonIdentity" ("id", "personId", "platform", "userId")
      SELECT ${randomUUID()}, "id", ${identity.platform}, ${identity.userId} FROM "person"`);
  else
    await ctx.raw.atomic([
      insertPerson,
      sqltag`
      INSERT INTO "PersonIdentity" ("id", "personId", "platform", "userId")
      VALUES (${randomUUID()}, ${id}, ${identity.platform}, ${identity.userId})`,
    ]);
  return {
    id,
    handle,
    displayName: input.displayName,
    orgId: input.orgId,
    roles: ['customer'],
    identities: [{ platform: identity.platform, userId: identity.userId }],
    teamId: null,
    timeZone: null,
    shift: null,
    capacity: CUSTOMER_DEFAULTS.capacity,
    availability: CUSTOMER_DEFAULTS.availability,
    awayUntil: null,
    language: null,
    locale: null,
  };
}

/** The schema's defaults for a person (Person.capacity, Person.availability). */
const CUSTOMER_DEFAULTS = { capacity: 15, availability: 'available' as Availability };
