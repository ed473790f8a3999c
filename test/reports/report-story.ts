// A week of support on the real core (Desk, SLA loop, knowledge base) over a real store, scripted
// so that every figure of `casebot report` can be computed by hand (report-story.test.ts does).
// The demo world: Acme (Gold, Paris: business hours 08:00–17:00 UTC in March), Globex
// (Enterprise, self-managed, New York: 14:00–23:00 UTC until 8 March), the Platform team with
// engineers Kim and Sam, customers Alice (Acme) and Bob (Globex); plus Initech (Silver: no
// response target) and its customer Carol. Policy: Elastic. The week: Monday 2 to Friday 6 March
// 2026, with a case opened the Friday before and a Monday 9 after the period.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { seedDemo, type DemoWorld } from '../../src/app/demo-seed.js';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Actor, CaseAction, Desk } from '../../src/core/conversation/desk.js';
import {
  DEFAULT_DESK_OPTIONS,
  type DeskContext,
} from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { Person } from '../../src/core/model.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { SuggestionsView } from '../../src/core/views.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { recordingPort, supportPlace } from '../core/desk-fixture.js';
import {
  createTestDb,
  testClock,
  type Provider,
  type TestClock,
  type TestDb,
} from '../helpers/db.js';
import { ARTICLES } from '../shell/shell-harness.js';

export interface StoryFixture {
  db: TestDb;
  desk: Desk;
  clock: TestClock;
  loop: SlaAlertLoop;
  world: DemoWorld & { carol: Person };
  cleanup(): Promise<void>;
}

export async function createStoryFixture(provider: Provider): Promise<StoryFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-report-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  const db = await createTestDb(provider);
  const kb: KnowledgeBase = await openKnowledgeBase({
    dir: join(dir, 'kb'),
    cacheDir: null,
    watch: false,
  });
  const demo = await seedDemo(db.store.directory);
  const { id: _acme, ...acme } = demo.acme;
  const initech = await db.store.directory.upsertOrg({
    ...acme,
    slug: 'initech',
    name: 'Initech',
    tier: 'silver',
  });
  const carol = await db.store.directory.upsertPerson({
    handle: 'carol@initech',
    displayName: 'Carol',
    orgId: initech.id,
    roles: ['customer'],
    identities: [{ platform: 'shell', userId: 'carol@initech' }],
    teamId: null,
    timeZone: null,
    shift: null,
  });
  const world = { ...demo, carol };
  const clock = testClock('2026-03-02T09:00:00Z');
  const ctx: DeskContext = {
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { shell: recordingPort('shell') },
    clock,
    logger: createMemoryLogger(),
    options: { ...DEFAULT_DESK_OPTIONS },
  };
  const loop = new SlaAlertLoop(ctx);
  return {
    db,
    desk: createDesk(ctx),
    clock,
    loop,
    world,
    async cleanup() {
      await loop.stop();
      await kb.close();
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const actor = (person: Person): Actor => ({
  platform: 'shell',
  userId: person.handle,
  displayName: person.displayName,
});

let thread = 0;

/** Plays the week. Each step says what it adds to the figures the test expects. */
export async function playStory(f: StoryFixture): Promise<void> {
  const { alice, bob, carol, kim, sam } = f.world;
  const at = (instant: string) => f.clock.set(instant);

  async function ask(person: Person, question: string, expectArticles: boolean) {
    const view: SuggestionsView = await f.desk.ask({
      actor: actor(person),
      place: supportPlace(`q${++thread}`),
      question,
    });
    // The story's figures depend on which questions the KB answers: check it as we go.
    expect(view.articles.length > 0, question).toBe(expectArticles);
    return view;
  }
  async function solved(person: Person, view: SuggestionsView, accepted = true) {
    const notice = await f.desk.markSolved(actor(person), view.deflectionId);
    expect(notice.tone).toBe(accepted ? 'success' : 'warning');
  }
  async function open(
    person: Person,
    fields: { title: string; situation: string; severity: string },
    deflectionId?: string,
  ): Promise<string> {
    const result = await f.desk.submitCase(actor(person), supportPlace(`c${++thread}`), {
      ...(deflectionId ? { deflectionId } : {}),
      seriousness: 'Our team is blocked',
      product: 'beacon',
      type: 'bug',
      ...fields,
    });
    if (result.kind !== 'case-confirmation') throw new Error(JSON.stringify(result));
    return result.caseReference;
  }
  async function act(person: Person, reference: string, action: CaseAction) {
    const notice = await f.desk.act(actor(person), reference, action);
    expect(notice.tone, `${action} ${reference}: ${notice.text}`).toBe('success');
  }
  async function rate(person: Person, reference: string, score: string, comment?: string) {
    const notice = await f.desk.rate({
      actor: actor(person),
      caseIdOrReference: reference,
      score,
      ...(comment ? { comment } : {}),
    });
    return notice;
  }
  async function rated(person: Person, reference: string, score: string, comment?: string) {
    const notice = await rate(person, reference, score, comment);
    expect(notice.tone, `rate ${reference} ${score}: ${notice.text}`).toBe('success');
  }
  async function reply(engineer: Person, reference: string, text: string) {
    const stored = await f.db.store.cases.byReference(reference);
    const alert = stored?.alertPlace;
    if (!alert) throw new Error(`${reference} has no alert`);
    await f.desk.message({
      actor: actor(engineer),
      place: {
        platform: alert.platform,
        channelId: alert.channelId,
        threadId: alert.threadId ?? alert.messageId ?? null,
      },
      text,
    });
  }

  // ---- Friday 27 February (before the period) ------------------------------------------------
  // CASE-1001: Initech (Silver: no target, so no milestone). Resolved Monday 13:00, reopened by
  // Carol at 14:00, resolved again Tuesday 11:00: two of the week's resolutions, one reopened.
  at('2026-02-27T10:00:00Z');
  const c0 = await open(carol, {
    title: 'Agent logs rotate too often',
    situation: 'A new log file every minute',
    severity: '3',
  });
  await act(kim, c0, 'claim');

  // ---- Monday 2 March -----------------------------------------------------------------------
  at('2026-03-02T09:00:00Z');
  const q1 = await ask(alice, 'Dashboards are slow to load', true);
  // Alice opens a suggested article through casebot's KB page (twice: one opening counts).
  for (const minute of ['02', '03'])
    await f.db.store.deflections.recordOpened(
      q1.deflectionId,
      new Date(`2026-03-02T09:${minute}:00Z`),
    );
  at('2026-03-02T09:05:00Z');
  await solved(alice, q1); // Q1 solved at 09:05; Alice's next dashboards case is 9 March 10:00
  at('2026-03-02T09:10:00Z');
  const q2 = await ask(alice, 'How do I choose a severity?', true);
  at('2026-03-02T09:15:00Z');
  await solved(alice, q2); // Q2 solved, but Alice opens a case on severities on Tuesday (CASE-1004)
  at('2026-03-02T09:20:00Z');
  const q3 = await ask(bob, 'Our invoice shows the wrong VAT number', false);
  await solved(bob, q3, false); // refused: no article was shown; Q3 stays "no good match"
  at('2026-03-02T09:30:00Z');
  const q4 = await ask(bob, 'Invoice VAT number is wrong on the March invoice', false);
  at('2026-03-02T10:00:00Z');
  const q5 = await ask(alice, 'Checkout fails with ECONNRESET', true);

  // CASE-1002 from Q5: Acme (Gold) severity 1, 4 business hours → due 14:05.
  at('2026-03-02T10:05:00Z');
  const c1 = await open(
    alice,
    { title: 'Checkout fails with ECONNRESET', situation: 'Payments error out', severity: '1' },
    q5.deflectionId,
  );
  // CASE-1003 from Q4 (no good match): Globex (Enterprise, self-managed) severity 1, 1 hour 24/7
  // → due 11:30.
  at('2026-03-02T10:30:00Z');
  const c2 = await open(
    bob,
    {
      title: 'Invoice VAT number wrong',
      situation: 'The March invoice is unusable',
      severity: '1',
    },
    q4.deflectionId,
  );
  await act(kim, c1, 'claim');
  at('2026-03-02T11:00:00Z');
  // Q6: an engineer's own question, solved: staff, never counted.
  const q6 = await ask(sam, 'ECONNRESET checkout pool bug v8.11 workaround', true);
  await solved(sam, q6);
  at('2026-03-02T11:05:00Z');
  await reply(kim, c1, 'Raise the keep-alive timeout, see the article'); // C1: first response 60 min
  at('2026-03-02T11:31:00Z');
  await f.loop.tick(); // C2 breached (due 11:30)
  at('2026-03-02T12:00:00Z');
  // Q7: articles shown, nobody comes back: abandoned by Wednesday's tick (after 24 h).
  await ask(alice, 'Dashboards are slow again after the upgrade', true);
  await act(sam, c2, 'claim');
  at('2026-03-02T12:30:00Z');
  await reply(sam, c2, 'We are reissuing the invoice'); // C2: met late, 120 min after opening
  at('2026-03-02T13:00:00Z');
  await act(kim, c0, 'resolve'); // resolution 1 (reopened at 14:00)
  at('2026-03-02T13:30:00Z');
  // CSAT 1: Carol rates the first resolution of CASE-1001 2/5, with a comment, then reopens it.
  await rated(carol, c0, '2', 'Still a new log file every minute');
  at('2026-03-02T14:00:00Z');
  await act(carol, c0, 'reopen');
  at('2026-03-02T15:05:00Z');
  await act(kim, c1, 'resolve'); // resolution 2: C1 after 300 min (all in Paris business hours)
  at('2026-03-02T16:00:00Z');
  // A rating of 6, then "five": refused, nothing recorded. Sam is not the requester: refused.
  expect((await rate(alice, c1, '6')).tone).toBe('warning');
  expect((await rate(alice, c1, 'five')).tone).toBe('warning');
  expect((await rate(sam, c1, '1')).tone).toBe('warning');
  // CSAT 2: Alice rates CASE-1002 5/5 with a comment; a second answer is refused.
  await rated(alice, c1, '5', 'Fixed within the hour, thanks');
  expect((await rate(alice, c1, '1')).tone).toBe('warning');

  // ---- Tuesday 3 March ----------------------------------------------------------------------
  at('2026-03-03T10:00:00Z');
  // CASE-1004: Alice, Gold severity 3, on Q2's topic (choose + severity) within 7 days.
  const c3 = await open(alice, {
    title: 'Which severity should we choose for a degraded cluster?',
    situation: 'Two nodes are degraded, the cluster still answers',
    severity: '3',
  });
  // A question recorded as "solved" with no article before casebot refused that (older data):
  // written straight to the store, as the old code did.
  const legacy = await f.db.store.deflections.record({
    askedAt: new Date('2026-03-03T10:00:00Z'),
    platform: 'shell',
    askerId: bob.id,
    orgId: f.world.globex.id,
    question: 'License renewal date',
    articleIds: [],
  });
  await f.db.store.deflections.setOutcome(legacy.id, 'solved', new Date('2026-03-03T10:01:00Z'));
  at('2026-03-03T10:20:00Z');
  await act(kim, c3, 'claim');
  at('2026-03-03T10:30:00Z');
  await reply(kim, c3, 'Choose High (2): the cluster is degraded'); // C3: first response 30 min
  at('2026-03-03T11:00:00Z');
  await act(kim, c0, 'resolve'); // resolution 3
  at('2026-03-03T12:00:00Z');
  await rated(carol, c0, '4'); // CSAT 3: the second resolution of CASE-1001, 4/5, no comment
  at('2026-03-03T16:00:00Z');
  await act(sam, c2, 'resolve'); // resolution 4: C2 after 1770 min (660 in New York hours)

  // ---- Wednesday 4 March --------------------------------------------------------------------
  // CASE-1005: Globex severity 2, 4 hours 24/7 → due 18:00; nobody answers.
  at('2026-03-04T14:00:00Z');
  const c4 = await open(bob, {
    title: 'Agent upgrade stalls on two hosts',
    situation: 'The installer hangs at 90 percent',
    severity: '2',
  });
  at('2026-03-04T18:01:00Z');
  await f.loop.tick(); // C4 breached; Q7 (asked Monday 12:00) abandoned

  // ---- Thursday 5 March ---------------------------------------------------------------------
  at('2026-03-05T15:00:00Z');
  await ask(alice, 'How do I rotate the API key', false); // Q8: no good match
  // CASE-1006: Alice, Gold severity 2 (1 business day), closed by her 30 min later, unanswered:
  // its first response was not due yet, so it stopped.
  at('2026-03-05T16:00:00Z');
  const c5 = await open(alice, {
    title: 'Export to CSV fails',
    situation: 'The export button does nothing',
    severity: '2',
  });
  at('2026-03-05T16:30:00Z');
  await act(alice, c5, 'close');

  // ---- Friday 6 March -----------------------------------------------------------------------
  // CASE-1007: Alice, Gold severity 1; Sam answers in 20 min; resolved Monday 9 (after the period).
  at('2026-03-06T16:00:00Z');
  const c6 = await open(alice, {
    title: 'Payment page returns HTTP 500',
    situation: 'Every payment attempt errors',
    severity: '1',
  });
  at('2026-03-06T16:10:00Z');
  await act(sam, c6, 'claim');
  at('2026-03-06T16:20:00Z');
  await reply(sam, c6, 'Rolling back the last deploy');
  at('2026-03-06T20:00:00Z');
  await ask(alice, 'Dashboards are slow on Fridays', true); // Q10: still pending

  // ---- Monday 9 March (after the period) ----------------------------------------------------
  at('2026-03-09T09:00:00Z');
  await act(sam, c6, 'resolve'); // C6 resolved after 3900 min (120 in Paris business hours)
  at('2026-03-09T09:30:00Z');
  await rated(alice, c6, '3', 'OK in the end'); // a resolution after the period: not counted
  // CASE-1008 on Q1's topic, 7 days 55 min after Q1 was solved: outside the 7-day window.
  at('2026-03-09T10:00:00Z');
  await open(alice, {
    title: 'Dashboards are slow to load again',
    situation: 'Same as last week',
    severity: '3',
  });
  await ask(alice, 'Dashboards are slow to load', true); // outside the period: not counted
  expect([c0, c1, c2, c3, c4, c5, c6]).toEqual([
    'CASE-1001',
    'CASE-1002',
    'CASE-1003',
    'CASE-1004',
    'CASE-1005',
    'CASE-1006',
    'CASE-1007',
  ]);
}
