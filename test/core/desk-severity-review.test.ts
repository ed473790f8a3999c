// Changing the severity through the Desk, as reviewed: due times that a raise puts in the past or
// that were already missed, notices that survive a failing read once the change is committed,
// paging on-call only the first time a case reaches the top severity, and who may change it.
// Real SQLite store and KB, recording ChatPorts and a fake clock (desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import type { CaseStore } from '../../src/core/cases/index.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Person } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { carryOverPolicy } from '../helpers/policies.js';
import { deskFixtureForEachTest, openThroughDesk, type Recorded } from './desk-fixture.js';

const f = deskFixtureForEachTest();
const HOUR = 3_600_000;

const change = (who: Person, reference: string, severity: number, reason = 'impact changed') =>
  f.desk.changeSeverity({ actor: f.actor(who), caseIdOrReference: reference, severity, reason });
const notices = (log: Recorded[], channelId: string) =>
  log
    .filter((r) => r.op === 'post' && r.place?.channelId === channelId)
    .map((r) => r.view)
    .filter((view): view is NoticeView => view?.kind === 'notice');
const pages = (log: Recorded[]) =>
  log.filter((r) => r.view && 'mentions' in r.view && r.view.mentions?.length);

describe('due times after a change', () => {
  it('a raise counts the new level’s target from the change (the policy’s default)', async () => {
    // Monday 10:00 Paris. Gold Normal: 2 business days.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    f.clock.advance(25 * HOUR); // Tuesday 11:00 Paris
    // Gold High: 1 business day from the change → Wednesday 11:00 Paris.
    const answer = await change(f.world.sam, reference, 2, 'All EU shops fail now');
    expect(answer).toEqual({
      kind: 'notice',
      tone: 'success',
      language: 'en',
      text: `${reference} is now High (2). First response due Wednesday 11:00 (Europe/Paris).`,
    });
    expect(notices(f.shell.log, 'support').map((n) => n.text)).toEqual([
      `Sam Rivera from support changed ${reference} from Normal (3) to High (2). First response due Wednesday 11:00 (Europe/Paris). Reason: All EU shops fail now`,
    ]);
  });

  it('with carry-over, a raise whose recomputed target has passed says "overdue since", not a weekday', async () => {
    const desk = createDesk({ ...f.ctx, policy: carryOverPolicy() });
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    f.clock.advance(25 * HOUR); // Tuesday 11:00 Paris
    // Gold High: 1 business day from the start → Tuesday 10:00 Paris, an hour ago.
    const answer = await desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 2,
      reason: 'All EU shops fail now',
    });
    expect(answer).toEqual({
      kind: 'notice',
      tone: 'success',
      language: 'en',
      text: `${reference} is now High (2). First response overdue since Tuesday 3 March 2026 10:00 (Europe/Paris).`,
    });
    expect(notices(f.shell.log, 'support').map((n) => n.text)).toEqual([
      `Sam Rivera from support changed ${reference} from Normal (3) to High (2). First response overdue since Tuesday 3 March 2026 10:00 (Europe/Paris). Reason: All EU shops fail now`,
    ]);
  });

  it('a target already missed is owed again at the new level, from the change: no more "breached … was due"', async () => {
    // Gold Urgent: 4 business hours from Monday 10:00 Paris → 14:00 Paris.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '1' });
    f.clock.advance(5 * HOUR); // 15:00 Paris: missed
    const loop = new SlaAlertLoop(f.ctx);
    expect(await loop.tick()).toMatchObject({ breaches: 1 });
    await loop.stop();
    const answer = await change(f.world.sam, reference, 2, 'A workaround is in place');
    // Gold High: 1 business day from 15:00 Paris → Tuesday 15:00 Paris.
    expect(answer).toEqual({
      kind: 'notice',
      tone: 'success',
      language: 'en',
      text: `${reference} is now High (2). First response due Tuesday 15:00 (Europe/Paris).`,
    });
    expect(notices(f.shell.log, 'support').map((n) => n.text)).toEqual([
      `Sam Rivera from support changed ${reference} from Urgent (1) to High (2). First response due Tuesday 15:00 (Europe/Paris). Reason: A workaround is in place`,
    ]);
    const alerts = f.shell.log.filter((r) => r.op === 'update' && r.view?.kind === 'case-alert');
    expect(alerts.at(-1)?.view).toMatchObject({
      state: 'new',
      dueAt: new Date('2026-03-03T14:00:00Z'),
      milestone: { kind: 'first-response', state: 'running' },
    });
  });
});

describe('after the change is committed', () => {
  it('a directory read failing then neither turns the answer into an error nor leaves the sides untold', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const store = f.db.store;
    let committed = false;
    const broken = () => {
      if (committed) throw new Error('directory is down');
    };
    const flaky: CaseStore = {
      ...store,
      directory: {
        ...store.directory,
        orgById: async (id) => (broken(), store.directory.orgById(id)),
        teamById: async (id) => (broken(), store.directory.teamById(id)),
        personById: async (id) => (broken(), store.directory.personById(id)),
      },
      async transaction(work) {
        const result = await store.transaction(work);
        committed = true;
        return result;
      },
    };
    const desk = createDesk({ ...f.ctx, store: flaky });
    const answer = await desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 2,
      reason: 'All EU shops fail now',
    });
    expect(answer).toMatchObject({
      tone: 'success',
      text: `${reference} is now High (2). First response due Tuesday 10:00 (Europe/Paris).`,
    });
    expect((await store.cases.byReference(reference))?.severity).toBe(2);
    expect(notices(f.shell.log, 'team-platform').map((n) => n.text)).toEqual([
      `Sam Rivera changed ${reference} from Normal (3) to High (2): All EU shops fail now`,
    ]);
    expect(notices(f.shell.log, 'support').map((n) => n.text)).toEqual([
      expect.stringContaining(
        `Sam Rivera from support changed ${reference} from Normal (3) to High (2).`,
      ),
    ]);
  });
});

describe('paging on-call: only the first time a case reaches the top severity', () => {
  it('3→1 pages; then 1→2→1 does not page again', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    expect(pages(f.shell.log)).toEqual([]);
    await change(f.world.sam, reference, 1);
    expect(pages(f.shell.log).map((r) => r.view?.kind)).toEqual(['notice']);
    await change(f.world.sam, reference, 2);
    const again = await change(f.world.alice, reference, 1);
    expect(again.tone).toBe('success');
    expect(pages(f.shell.log)).toHaveLength(1);
    expect(notices(f.shell.log, 'team-platform').map((n) => n.text)).toEqual([
      `Sam Rivera changed ${reference} from Normal (3) to Urgent (1): impact changed`,
      `Sam Rivera changed ${reference} from Urgent (1) to High (2): impact changed`,
      `Alice Martin (customer) changed ${reference} from High (2) to Urgent (1): impact changed`,
    ]);
  });

  it('a case opened at 1 (paged by its alert), lowered and raised again, does not page again', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '1' });
    expect(pages(f.shell.log).map((r) => r.view?.kind)).toEqual(['case-alert']);
    await change(f.world.sam, reference, 2);
    expect((await change(f.world.sam, reference, 1)).tone).toBe('success');
    expect(pages(f.shell.log).map((r) => r.view?.kind)).toEqual(['case-alert']);
  });
});

describe('who may change it through the Desk', () => {
  it('refuses a colleague of the requester in the same org, and an engineer of another team', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const { directory } = f.db.store;
    const carol = await directory.upsertPerson({
      handle: 'carol@acme',
      displayName: 'Carol Jones',
      orgId: f.world.acme.id,
      roles: ['customer'],
      identities: [{ platform: 'shell', userId: 'carol@acme' }],
      teamId: null,
      timeZone: null,
      shift: null,
    });
    const billing = await directory.upsertTeam({
      slug: 'billing',
      name: 'Billing team',
      products: ['billing'],
      channels: [{ platform: 'shell', channelId: 'team-billing' }],
      onCall: [],
    });
    const lee = await directory.upsertPerson({
      handle: 'lee',
      displayName: 'Lee Park',
      orgId: null,
      roles: ['engineer'],
      identities: [{ platform: 'shell', userId: 'lee' }],
      teamId: billing.id,
      timeZone: 'UTC',
      shift: null,
    });
    expect(await change(carol, reference, 1)).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: `Only the requester or a support engineer can change the severity of ${reference}.`,
      language: 'en',
    });
    expect(await change(lee, reference, 1)).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: `${reference} belongs to another team: ask its engineers or an admin.`,
      language: 'en',
    });
    expect((await f.db.store.cases.byReference(reference))?.severity).toBe(3);
    expect(notices(f.shell.log, 'team-platform')).toEqual([]);
  });
});
