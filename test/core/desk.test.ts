// The Desk's flows over a real SQLite store and KB, with recording ChatPorts and a fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CaseAlertView,
  NoticeView,
  RelayView,
  SuggestionsView,
} from '../../src/core/views.js';
import {
  createDeskFixture,
  openThroughDesk,
  supportPlace,
  type DeskFixture,
} from './desk-fixture.js';

let f: DeskFixture;
beforeEach(async () => {
  f = await createDeskFixture();
});
afterEach(async () => {
  await f.cleanup();
});

describe('ask and deflection', () => {
  it('never shows internal articles to a customer, and records the question', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'ECONNRESET in checkout after the v8.11 upgrade',
    });
    expect(view.articles.map((a) => a.title)).toContain('Connection reset errors (ECONNRESET)');
    expect(view.articles.some((a) => a.title.startsWith('Internal'))).toBe(false);
    expect(view.canOpenCase).toBe(true);
    const stored = await f.db.store.deflections.byId(view.deflectionId);
    expect(stored).toMatchObject({
      question: 'ECONNRESET in checkout after the v8.11 upgrade',
      askerId: f.world.alice.id,
      orgId: f.world.acme.id,
      outcome: 'pending',
    });
    expect(stored?.articleIds).toEqual(view.articles.map((a) => a.id));
  });

  it('lets engineers see internal articles', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.sam),
      place: supportPlace('q1'),
      question: 'ECONNRESET checkout pool bug v8.11 workaround',
    });
    expect(view.articles.some((a) => a.title.startsWith('Internal runbook'))).toBe(true);
  });

  it('records "solved" only when the asker presses it', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'How do I choose a severity?',
    });
    const refused = await f.desk.markSolved(f.actor(f.world.bob), view.deflectionId);
    expect(refused).toMatchObject({
      kind: 'notice',
      tone: 'warning',
      text: expect.stringContaining('Only the person who asked'),
    });
    expect((await f.db.store.deflections.byId(view.deflectionId))?.outcome).toBe('pending');
    expect(await f.desk.markSolved(f.actor(f.world.alice), view.deflectionId)).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.deflections.byId(view.deflectionId))?.outcome).toBe('solved');
  });
});

describe('the case form', () => {
  it('offers only the severities of the customer’s tier, prefilled from the question', async () => {
    const asked: SuggestionsView = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'Checkout fails with ECONNRESET after the upgrade. What now?',
    });
    const form = await f.desk.caseForm(f.actor(f.world.alice), asked.deflectionId);
    if (form.kind !== 'case-form') throw new Error(JSON.stringify(form));
    expect(form.severityOptions.map((o) => o.value)).toEqual([1, 2, 3]);
    expect(form.prefill).toMatchObject({
      title: 'Checkout fails with ECONNRESET after the upgrade.',
      situation: 'Checkout fails with ECONNRESET after the upgrade. What now?',
      product: 'beacon',
      type: 'bug',
      severity: 3,
    });
    const dev = await f.db.store.directory.upsertOrg({
      slug: 'devco',
      name: 'DevCo',
      tier: 'development',
      deployment: 'cloud',
      calendar: f.world.acme.calendar,
      identities: [],
    });
    const dana = await f.db.store.directory.upsertPerson({
      handle: 'dana@devco',
      displayName: 'Dana',
      orgId: dev.id,
      roles: ['customer'],
      identities: [{ platform: 'shell', userId: 'dana@devco' }],
      teamId: null,
      timeZone: null,
      shift: null,
    });
    const devForm = await f.desk.caseForm(f.actor(dana), null, 'How do I use the API?');
    expect(devForm.kind === 'case-form' && devForm.severityOptions.map((o) => o.value)).toEqual([
      4,
    ]);
  });

  it('tells a person with no org how to get access', async () => {
    const form = await f.desk.caseForm(
      { platform: 'slack', userId: 'U-STRANGER', displayName: 'Stranger' },
      null,
      'help',
    );
    expect(form).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('not linked to a customer organisation'),
    });
  });

  it('returns every invalid field with a message instead of failing', async () => {
    const result = await f.desk.submitCase(f.actor(f.world.alice), supportPlace('q1'), {
      title: '',
      situation: 'short',
      severity: '4',
      seriousness: '',
      product: 'nope',
      type: 'rant',
    });
    expect(result.kind).toBe('case-form-errors');
    if (result.kind !== 'case-form-errors') return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'product',
      'seriousness',
      'severity',
      'situation',
      'title',
      'type',
    ]);
    expect(result.errors.severity).toMatch(/Gold/);
    expect(await f.db.store.cases.list({})).toHaveLength(0);
  });
});

describe('submitting a case', () => {
  it('stores it, alerts the team on the same platform, stores the alert place and confirms the target', async () => {
    const result = await f.desk.submitCase(f.actor(f.world.alice), supportPlace('q9'), {
      deflectionId: null,
      title: 'Checkout fails',
      situation: 'Checkout fails with ECONNRESET since 10:00',
      severity: '1',
      seriousness: 'All EU shoppers are blocked',
      product: 'beacon',
      type: 'bug',
    });
    expect(result).toMatchObject({
      kind: 'case-confirmation',
      caseReference: 'CASE-1001',
      targetText: 'within 4 business hours',
      dueLocalText: 'Monday 14:00 (Europe/Paris)',
    });
    const alert = f.shell.log.find((r) => r.op === 'post' && r.view?.kind === 'case-alert');
    expect(alert?.place).toMatchObject({ platform: 'shell', channelId: 'team-platform' });
    expect(alert?.view).toMatchObject({
      severity: 1,
      isTopSeverity: true,
      tierLabel: 'Gold',
      orgName: 'Acme Corp',
      state: 'new',
      suggestedAssignee: expect.objectContaining({ displayName: expect.any(String) }),
    });
    expect(f.slack.log).toHaveLength(0);
    const stored = await f.db.store.cases.byReference('CASE-1001');
    expect(stored?.alertPlace).toMatchObject({
      platform: 'shell',
      channelId: 'team-platform',
      messageId: alert?.messageId,
      threadId: alert?.messageId,
    });
    expect(stored?.customerPlace).toMatchObject({ channelId: 'support', threadId: 'q9' });
  });

  it('maps a Slack user to their org by workspace and alerts the team’s Slack channel', async () => {
    await f.db.store.directory.upsertOrg({
      ...f.world.acme,
      identities: [{ platform: 'slack', kind: 'team', value: 'T-ACME' }],
    });
    const actor = {
      platform: 'slack' as const,
      userId: 'U-ALICE',
      displayName: 'Alice on Slack',
      workspaceId: 'T-ACME',
    };
    const place = { platform: 'slack' as const, channelId: 'C-SUPPORT', messageId: '111.1' };
    const asked = await f.desk.ask({ actor, place, question: 'Checkout fails with ECONNRESET' });
    expect(asked.canOpenCase).toBe(true);
    const result = await f.desk.submitCase(actor, place, {
      deflectionId: asked.deflectionId,
      title: 'Checkout',
      situation: 'Checkout fails with ECONNRESET',
      severity: '2',
      seriousness: 'Sales lost',
      product: 'beacon',
      type: 'bug',
    });
    expect(result.kind).toBe('case-confirmation');
    expect(f.slack.log.find((r) => r.view?.kind === 'case-alert')?.place).toMatchObject({
      platform: 'slack',
      channelId: 'C-PLATFORM',
    });
    expect(f.shell.log).toHaveLength(0);
    expect((await f.db.store.cases.byReference('CASE-1001'))?.customerPlace).toMatchObject({
      platform: 'slack',
      channelId: 'C-SUPPORT',
      threadId: '111.1',
    });
  });

  it('still confirms the case when the team channel cannot be reached, and logs the failure', async () => {
    f.shell.failPosts = true;
    const reference = await openThroughDesk(f, f.world.alice);
    expect(reference).toBe('CASE-1001');
    expect(f.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'could not post the case alert',
        fields: expect.objectContaining({ errorReference: expect.stringMatching(/^ERR-/) }),
      }),
    );
  });

  it('marks the deflection escalated when the case comes from a question', async () => {
    const asked = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'Checkout fails with ECONNRESET',
    });
    await f.desk.submitCase(f.actor(f.world.alice), supportPlace('q1'), {
      deflectionId: asked.deflectionId,
      title: 'Checkout',
      situation: 'Checkout fails with ECONNRESET',
      severity: '2',
      seriousness: 'Sales lost',
      product: 'beacon',
      type: 'bug',
    });
    const deflection = await f.db.store.deflections.byId(asked.deflectionId);
    expect(deflection?.outcome).toBe('escalated');
    expect(deflection?.caseId).toBe((await f.db.store.cases.byReference('CASE-1001'))?.id);
  });
});

describe('claiming', () => {
  it('lets exactly one of many simultaneous claims win; the others are told who has it', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    const team = f.world.team;
    const engineers = [f.world.sam, f.world.kim];
    for (let i = 0; i < 8; i++) {
      engineers.push(
        await f.db.store.directory.upsertPerson({
          handle: `eng${i}`,
          displayName: `Engineer ${i}`,
          orgId: null,
          roles: ['engineer'],
          identities: [{ platform: 'shell', userId: `eng${i}` }],
          teamId: team.id,
          timeZone: 'UTC',
          shift: null,
        }),
      );
    }
    const results = await Promise.all(
      engineers.map((e) => f.desk.act(f.actor(e), reference, 'claim')),
    );
    const winners = results.filter((r) => r.tone === 'success');
    expect(winners).toHaveLength(1);
    const owner = (await f.db.store.cases.byReference(reference))?.assigneeId;
    const ownerName = engineers.find((e) => e.id === owner)?.displayName ?? '?';
    for (const loser of results.filter((r) => r.tone !== 'success'))
      expect(loser.text).toBe(`${reference} is already claimed by ${ownerName}.`);
    const update = f.shell.log
      .filter((r) => r.op === 'update' && r.view?.kind === 'case-alert')
      .at(-1)?.view as CaseAlertView;
    expect(update).toMatchObject({
      state: 'claimed',
      assignee: expect.objectContaining({ displayName: ownerName }),
    });
    const told = f.shell.log.find(
      (r) =>
        r.op === 'post' &&
        r.place?.threadId !== undefined &&
        r.view?.kind === 'notice' &&
        r.place?.channelId === 'support',
    );
    expect((told?.view as NoticeView).text).toBe(
      `${ownerName} from support is on ${reference} now.`,
    );
  });

  it('refuses a customer', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    expect(await f.desk.act(f.actor(f.world.alice), reference, 'claim')).toMatchObject({
      tone: 'warning',
    });
  });
});

describe('unclaim, reassign, resolve, reopen, close', () => {
  it('lets only the holder unclaim, and tells the customer about a reassignment', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    expect(await f.desk.act(f.actor(f.world.kim), reference, 'unclaim')).toMatchObject({
      tone: 'warning',
    });
    expect(await f.desk.act(f.actor(f.world.sam), reference, 'unclaim')).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.cases.byReference(reference))?.assigneeId).toBeNull();
    const alert = f.shell.log.filter((r) => r.op === 'update').at(-1)?.view as CaseAlertView;
    expect(alert).toMatchObject({ state: 'new', assignee: null });
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    expect(await f.desk.reassign(f.actor(f.world.sam), reference, 'kim')).toMatchObject({
      tone: 'success',
      text: `${reference} is now with Kim Tanaka.`,
    });
    expect(f.shell.log.at(-1)).toMatchObject({
      place: { channelId: 'support' },
      view: { kind: 'notice', text: `Kim Tanaka from support is on ${reference} now.` },
    });
  });

  it('lets the customer reopen a resolved case within the window only', async () => {
    const first = await openThroughDesk(f, f.world.alice);
    const second = await openThroughDesk(f, f.world.alice);
    for (const reference of [first, second])
      await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
    expect(f.shell.log.at(-1)).toMatchObject({
      place: { channelId: 'support' },
      view: { text: expect.stringContaining('Reopen it within 7 days') },
    });
    f.clock.advance(2 * 86_400_000);
    expect(await f.desk.act(f.actor(f.world.bob), first, 'reopen')).toMatchObject({
      tone: 'warning',
    });
    expect(await f.desk.act(f.actor(f.world.alice), first, 'reopen')).toMatchObject({
      tone: 'success',
      text: `${first} is open again.`,
    });
    expect((await f.db.store.cases.byReference(first))?.status).toBe('open');
    f.clock.advance(6 * 86_400_000);
    expect(await f.desk.act(f.actor(f.world.alice), second, 'reopen')).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('can no longer be reopened'),
    });
    expect(await f.desk.act(f.actor(f.world.alice), second, 'close')).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.cases.byReference(second))?.status).toBe('closed');
  });
});

describe('talking on a case', () => {
  it('relays engineer replies to the customer (meeting the first response) and customer replies back; notes stay internal', async () => {
    const reference = await openThroughDesk(f, f.world.alice, {}, 'q7');
    const stored = await f.db.store.cases.byReference(reference);
    const alertThread = {
      platform: 'shell' as const,
      channelId: 'team-platform',
      threadId: stored?.alertPlace?.messageId ?? null,
    };
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    f.clock.advance(10 * 60_000);
    const sent = await f.desk.message({
      actor: f.actor(f.world.sam),
      place: alertThread,
      text: 'Hello Alice, which version?',
    });
    expect(sent).toMatchObject({
      tone: 'success',
      text: expect.stringContaining('First response recorded'),
    });
    const relay = f.shell.log.filter((r) => r.view?.kind === 'relay');
    expect(relay.at(-1)).toMatchObject({
      place: { channelId: 'support', threadId: 'q7' },
      view: { fromName: 'Sam Rivera', fromRole: 'engineer', text: 'Hello Alice, which version?' },
    });
    const milestones = await f.db.store.milestones.forCase(stored?.id ?? '');
    expect(milestones.find((m) => m.kind === 'first-response')?.metAt?.toISOString()).toBe(
      '2026-03-02T09:10:00.000Z',
    );

    const before = f.shell.log.length;
    expect(
      await f.desk.message({
        actor: f.actor(f.world.sam),
        place: alertThread,
        text: '// customer is on the buggy build',
      }),
    ).toMatchObject({ text: expect.stringContaining('Internal note') });
    expect(
      await f.desk.message({
        actor: f.actor(f.world.sam),
        place: alertThread,
        text: '!note second note',
      }),
    ).toMatchObject({ text: expect.stringContaining('Internal note') });
    expect(f.shell.log.slice(before).filter((r) => r.op === 'post')).toHaveLength(0);

    await f.desk.message({
      actor: f.actor(f.world.alice),
      place: { platform: 'shell', channelId: 'support', threadId: 'q7' },
      text: 'v8.11.2',
    });
    expect(f.shell.log.at(-1)).toMatchObject({
      place: alertThread,
      view: {
        kind: 'relay',
        fromName: 'Alice Martin',
        fromRole: 'customer',
        text: 'v8.11.2',
      } as RelayView,
    });
  });

  it('returns null for a place that belongs to no case', async () => {
    expect(
      await f.desk.message({
        actor: f.actor(f.world.alice),
        place: { platform: 'shell', channelId: 'support', threadId: 'nope' },
        text: 'hi',
      }),
    ).toBeNull();
  });
});

describe('flagging', () => {
  it('moves a public post to a private case for its author; the public thread gets a neutral note only', async () => {
    const message = {
      platform: 'shell' as const,
      channelId: 'community',
      threadId: null,
      messageId: 'c1',
    };
    const refused = await f.desk.flag({
      actor: f.actor(f.world.alice),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
      text: 'prod down, key SECRET',
    });
    expect(refused).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('Only community moderators'),
    });
    expect(f.shell.log).toHaveLength(0);
    const done = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
      text: 'prod down, key SECRET',
    });
    expect(done).toMatchObject({ tone: 'success', text: expect.stringContaining('CASE-1001') });
    const publicPosts = f.shell.log.filter(
      (r) => r.op === 'post' && r.place?.channelId === 'community',
    );
    expect(publicPosts).toHaveLength(1);
    expect(JSON.stringify(publicPosts[0]?.view)).not.toContain('SECRET');
    const created = await f.db.store.cases.byReference('CASE-1001');
    expect(created).toMatchObject({
      requesterId: f.world.bob.id,
      orgId: f.world.globex.id,
      customerPlace: expect.objectContaining({ channelId: 'private-bob@globex' }),
    });
    expect(
      f.shell.log.some(
        (r) =>
          r.op === 'post' &&
          r.view?.kind === 'case-alert' &&
          r.place?.channelId === 'team-platform',
      ),
    ).toBe(true);
  });
});

describe('status and queue', () => {
  it('shows each customer only their own org’s open cases, and engineers the team queue by time left', async () => {
    await openThroughDesk(f, f.world.alice, { severity: '3' });
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    const alice = await f.desk.status(f.actor(f.world.alice));
    expect(alice.kind === 'case-list' && alice.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1001',
    ]);
    const bob = await f.desk.status(f.actor(f.world.bob));
    expect(bob.kind === 'case-list' && bob.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1002',
    ]);
    const queue = await f.desk.queue(f.actor(f.world.kim));
    expect(queue.kind === 'case-list' && queue.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1002',
      'CASE-1001',
    ]);
    expect(await f.desk.queue(f.actor(f.world.alice))).toMatchObject({ kind: 'notice' });
  });
});

describe('errors', () => {
  it('turns an unexpected failure into a notice with a reference id that is also logged', async () => {
    f.ctx.store = {
      ...f.db.store,
      cases: { ...f.db.store.cases, list: async () => Promise.reject(new Error('disk on fire')) },
    };
    const notice = await f.desk.status(f.actor(f.world.alice));
    expect(notice).toMatchObject({
      kind: 'notice',
      tone: 'error',
      errorReference: expect.stringMatching(/^ERR-[0-9A-Z]{8}$/),
    });
    const reference = notice.kind === 'notice' ? notice.errorReference : undefined;
    expect(notice.kind === 'notice' && notice.text).toContain(reference);
    expect(f.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ errorReference: reference, error: 'disk on fire' }),
      }),
    );
  });
});
