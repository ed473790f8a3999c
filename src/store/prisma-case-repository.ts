// Cases. Two operations carry the concurrency guarantees: `create` takes the next number from
// the Counter row with one atomic increment, and `claim` is one conditional UPDATE … WHERE
// assigneeId IS NULL, so that of N simultaneous claims exactly one changes a row (with a capacity
// limit, counted in the same transaction under the assignee's row lock).
import { isUniqueViolation } from './unique-violation.js';
import type { CaseStatus, Place } from '../core/model.js';
import {
  OPEN_STATUSES,
  type CasePatch,
  type CaseQuery,
  type CaseRepository,
  IntakeKeyTakenError,
  type ClaimResult,
  type NewCase,
} from '../core/ports/storage.js';
import { placeColumns, toCase } from './mappers.js';
import type { Db, PrismaContext } from './prisma-context.js';
import { withLandedPlaces } from './landed-places.js';

const CLAIMABLE: CaseStatus[] = ['open'];

export function createPrismaCaseRepository(ctx: PrismaContext): CaseRepository {
  const { gate } = ctx;
  const db = () => ctx.db;

  async function findById(id: string) {
    const row = await db().case.findUnique({ where: { id } });
    return row ? toCase(row) : null;
  }

  return {
    create: (input) => gate.run(() => ctx.atomically((tx) => createCase(tx, input))),
    byId: (id) => gate.run(() => findById(id)),
    byIds: (ids) =>
      gate.run(async () =>
        ids.length === 0
          ? []
          : (await db().case.findMany({ where: { id: { in: [...new Set(ids)] } } })).map(toCase),
      ),
    byReference: (reference) =>
      gate.run(async () => {
        const match = /^(?:case-)?(\d+)$/i.exec(reference.trim());
        if (!match?.[1]) return null;
        const row = await db().case.findUnique({ where: { number: Number(match[1]) } });
        return row ? toCase(row) : null;
      }),
    byIntakeKey: (intakeKey) =>
      gate.run(async () => {
        const row = await db().case.findUnique({ where: { intakeKey } });
        return row ? toCase(row) : null;
      }),
    byPlace: (place: Place) =>
      gate.run(async () => {
        const thread = place.threadId ?? null;
        const row = await db().case.findFirst({
          where: {
            OR: [
              {
                alertPlatform: place.platform,
                alertChannelId: place.channelId,
                alertThreadId: thread,
              },
              {
                customerPlatform: place.platform,
                customerChannelId: place.channelId,
                customerThreadId: thread,
              },
            ],
          },
          orderBy: { openedAt: 'desc' },
        });
        return row ? toCase(row) : null;
      }),
    list: (query: CaseQuery) =>
      gate.run(async () => {
        const rows = await db().case.findMany({
          where: {
            ...(query.orgId !== undefined ? { orgId: query.orgId } : {}),
            ...(query.teamId !== undefined ? { teamId: query.teamId } : {}),
            ...(query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
            ...(query.requesterId !== undefined ? { requesterId: query.requesterId } : {}),
            ...(query.statuses ? { status: { in: query.statuses } } : {}),
          },
          orderBy: [{ openedAt: 'asc' }, { number: 'asc' }],
          ...(query.limit ? { take: query.limit } : {}),
        });
        return rows.map(toCase);
      }),
    countOpenByAssignee: (personIds) =>
      gate.run(async () => {
        if (personIds.length === 0) return new Map<string, number>();
        const groups = await db().case.groupBy({
          by: ['assigneeId'],
          where: { assigneeId: { in: personIds }, status: { in: [...OPEN_STATUSES] } },
          _count: { _all: true },
        });
        return new Map(
          groups.flatMap((group) =>
            group.assigneeId ? [[group.assigneeId, group._count._all]] : [],
          ),
        );
      }),
    claim: (caseId, assigneeId, at, limits) =>
      gate.run(() => ctx.atomically((tx) => claimCase(tx, caseId, assigneeId, at, limits))),
    changeAssignee: (caseId, expectedAssigneeId, patch) =>
      gate.run(async () => {
        const { count } = await db().case.updateMany({
          where: { id: caseId, assigneeId: expectedAssigneeId },
          data: patchData(patch),
        });
        return count === 1 ? findById(caseId) : null;
      }),
    updateIf: (caseId, expected, patch) =>
      gate.run(async () => {
        const { count } = await db().case.updateMany({
          where: {
            id: caseId,
            ...(expected.severity !== undefined ? { severity: expected.severity } : {}),
            ...(expected.statuses ? { status: { in: [...expected.statuses] } } : {}),
            ...(expected.followUpAt !== undefined ? { followUpAt: expected.followUpAt } : {}),
          },
          data: patchData(patch),
        });
        return count === 1 ? findById(caseId) : null;
      }),
    dueFollowUps: (now, limit) =>
      gate.run(async () =>
        (
          await db().case.findMany({
            where: { followUpAt: { lte: now } },
            orderBy: { followUpAt: 'asc' },
            take: limit,
          })
        ).map(toCase),
      ),
    update: (caseId, patch) =>
      gate.run(async () => {
        const data = patchData(await withLandedPlaces(db(), patch));
        return toCase(await db().case.update({ where: { id: caseId }, data }));
      }),
  };
}

async function claimCase(
  tx: Db,
  caseId: string,
  assigneeId: string,
  at: Date,
  limits: { maxOpen: number } | undefined,
): Promise<ClaimResult> {
  if (limits) {
    // A no-op UPDATE of the assignee's row takes its row lock until commit (PostgreSQL), so a
    // concurrent claim by the same person counts only after this one has committed. On SQLite
    // the store's gate already runs one transaction at a time.
    await tx.person.updateMany({ where: { id: assigneeId }, data: { capacity: { increment: 0 } } });
    const open = await tx.case.count({
      where: { assigneeId, status: { in: [...OPEN_STATUSES] } },
    });
    if (open >= limits.maxOpen) return { won: false, reason: 'at-capacity', open };
  }
  const { count: fromOpen } = await tx.case.updateMany({
    where: { id: caseId, assigneeId: null, status: { in: CLAIMABLE } },
    data: { assigneeId, status: 'claimed', updatedAt: at },
  });
  // A case set waiting on the customer before anyone took it can be taken too: it keeps waiting
  // (its paused clocks and follow-ups stand), only its owner is set. Conditional like the above.
  const count =
    fromOpen === 1
      ? 1
      : (
          await tx.case.updateMany({
            where: { id: caseId, assigneeId: null, status: 'waiting-on-customer' },
            data: { assigneeId, updatedAt: at },
          })
        ).count;
  const row = await tx.case.findUnique({ where: { id: caseId } });
  if (!row) throw new Error(`case ${caseId} not found`);
  const current = toCase(row);
  if (count === 1) return { won: true, case: current };
  return { won: false, reason: 'taken', assigneeId: current.assigneeId, status: current.status };
}

async function createCase(db: Db, input: NewCase) {
  const counter = await db.counter.update({
    where: { name: 'case' },
    data: { value: { increment: 1 } },
  });
  const row = await db.case
    .create({
      data: {
        number: counter.value,
        orgId: input.orgId,
        requesterId: input.requesterId,
        teamId: input.teamId,
        title: input.title,
        situation: input.situation,
        severity: input.severity,
        seriousness: input.seriousness,
        product: input.product,
        type: input.type,
        status: 'open',
        ...placeColumns('origin', input.origin),
        ...placeColumns('customer', input.customerPlace),
        openedAt: input.openedAt,
        updatedAt: input.openedAt,
        intakeKey: input.intakeKey ?? null,
      },
    })
    .catch((error: unknown) => {
      // The unique intake key settles two submissions at once: the second writes nothing.
      if (input.intakeKey && isUniqueViolation(error))
        throw new IntakeKeyTakenError(input.intakeKey);
      throw error;
    });
  return toCase(row);
}

function patchData(patch: CasePatch) {
  return {
    ...(patch.teamId !== undefined ? { teamId: patch.teamId } : {}),
    ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
    ...(patch.customerPlace !== undefined ? placeColumns('customer', patch.customerPlace) : {}),
    ...(patch.alertPlace !== undefined ? placeColumns('alert', patch.alertPlace) : {}),
    ...(patch.resolvedAt !== undefined ? { resolvedAt: patch.resolvedAt } : {}),
    ...(patch.closedAt !== undefined ? { closedAt: patch.closedAt } : {}),
    ...(patch.waitingSince !== undefined ? { waitingSince: patch.waitingSince } : {}),
    ...(patch.followUpAt !== undefined ? { followUpAt: patch.followUpAt } : {}),
    ...(patch.remindedAt !== undefined ? { remindedAt: patch.remindedAt } : {}),
    updatedAt: patch.updatedAt,
  };
}
