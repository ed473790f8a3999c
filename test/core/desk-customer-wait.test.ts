// Waiting on the customer through the Desk (issue 12 item 2), Premier preset on a real SQLite
// store: the alert view says `paused` with the time kept and no deadline, the customer's /status
// shows the paused target, the customer's reply resumes it (the team is told with the time left),
// and a customer cannot set a case waiting.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Person, Place } from '../../src/core/model.js';
import type { CaseAlertView, CaseListView, NoticeView } from '../../src/core/views.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  addPremierCustomer,
} from './desk-fixture.js';

const f = deskFixtureForEachTest({ policy: 'premier' });
const MIN = 60_000;
let pat: Person;
let reference: string;
let alertThread: Place;
const customerThread: Place = { platform: 'shell', channelId: 'support', threadId: 'q-pat' };

beforeEach(async () => {
  pat = await addPremierCustomer(f);
  // Severity 1 on Premier: first and next response within 1 hour, 24/7.
  reference = await openThroughDesk(f, pat, { severity: '1' }, 'q-pat');
  alertThread = await alertThreadOf(f, reference);
  await f.desk.act(f.actor(f.world.sam), reference, 'claim');
  await f.desk.message({ actor: f.actor(f.world.sam), place: alertThread, text: 'Which version?' });
  f.clock.advance(5 * MIN);
  await f.desk.message({ actor: f.actor(pat), place: customerThread, text: 'v8.11, logs below' });
});

const lastAlert = (): CaseAlertView => {
  const alerts = f.shell.log.filter((r) => r.view?.kind === 'case-alert');
  return alerts.at(-1)?.view as CaseAlertView;
};
const teamNotices = () =>
  f.shell.log
    .filter((r) => r.op === 'post' && r.place?.threadId === alertThread.threadId)
    .map((r) => (r.view as NoticeView).text ?? '');

describe('waiting on the customer through the Desk', () => {
  it('the alert and the customer’s status show the paused target; the reply resumes it with its time left', async () => {
    f.clock.advance(20 * MIN); // next response: 40 min left
    const answer = await f.desk.act(f.actor(f.world.sam), reference, 'pending');
    expect(answer).toMatchObject({ tone: 'success' });
    expect(answer.text).toContain(
      `${reference} is waiting on the customer. Paused: next response (40 min left).`,
    );
    const alert = lastAlert();
    expect(alert).toMatchObject({ state: 'paused', dueAt: null, msLeft: 40 * MIN });
    expect(alert.milestone).toMatchObject({
      kind: 'next-response',
      state: 'paused',
      text: 'next response paused',
      pausedMsLeft: 40 * MIN,
    });
    const status = (await f.desk.status(f.actor(pat))) as CaseListView;
    expect(status.cases[0]).toMatchObject({
      status: 'waiting-on-customer',
      dueAt: null,
      milestone: { state: 'paused', pausedMsLeft: 40 * MIN },
    });

    f.clock.advance(3 * 60 * MIN);
    await f.desk.message({ actor: f.actor(pat), place: customerThread, text: 'here you go' });
    expect(teamNotices().at(-1)).toBe(
      `The customer replied after 3 h: ${reference} is no longer waiting on them. SLA resumed: next response 40 min left. Next update to the customer: 35 min left.`,
    );
    expect(lastAlert()).toMatchObject({ state: 'claimed', msLeft: 40 * MIN });
    const stored = await f.db.store.cases.byReference(reference);
    expect(stored?.status).toBe('claimed');
  });

  it('a customer cannot set a case waiting', async () => {
    const refused = await f.desk.act(f.actor(pat), reference, 'pending');
    expect(refused).toMatchObject({
      tone: 'warning',
      text: 'Only support engineers can set a case to wait on the customer.',
    });
    expect((await f.db.store.cases.byReference(reference))?.status).toBe('claimed');
  });
});
