// The Desk's submit flow: the case stored, the team alerted, the customer confirmed, the deflection closed.
// Real SQLite store and KB, recording ChatPorts and a fake clock (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import type { CaseAlertView } from '../../src/core/views.js';
import {
  checkoutForm,
  deskFixtureForEachTest,
  openThroughDesk,
  supportPlace,
} from './desk-fixture.js';

const f = deskFixtureForEachTest();

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
    // What an adapter tidying up empty threads asks: a case lives in its customer's thread.
    expect(
      await f.desk.hasCaseAt({ platform: 'shell', channelId: 'support', threadId: 'q9' }),
    ).toBe(true);
    expect(
      await f.desk.hasCaseAt({ platform: 'shell', channelId: 'support', threadId: 'q8' }),
    ).toBe(false);
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
    const result = await f.desk.submitCase(actor, place, checkoutForm(asked.deflectionId));
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
    await f.desk.submitCase(
      f.actor(f.world.alice),
      supportPlace('q1'),
      checkoutForm(asked.deflectionId),
    );
    const deflection = await f.db.store.deflections.byId(asked.deflectionId);
    expect(deflection?.outcome).toBe('escalated');
    expect(deflection?.caseId).toBe((await f.db.store.cases.byReference('CASE-1001'))?.id);
  });
});

describe('time left on alerts and queues', () => {
  it('counts a business-hours target in working time, on the alert and in the queue', async () => {
    // Monday 16:00 UTC = 17:00 in Paris: one working hour left today, three more on Tuesday.
    f.clock.advance(7 * 3_600_000);
    const reference = await openThroughDesk(f, f.world.alice, { severity: '1' });
    const alert = f.shell.log.find((r) => r.view?.kind === 'case-alert')?.view as CaseAlertView;
    expect(alert.dueAt).toEqual(new Date('2026-03-03T11:00:00Z'));
    expect(alert.msLeft).toBe(4 * 3_600_000);
    const queue = await f.desk.queue(f.actor(f.world.sam));
    expect(queue.kind === 'case-list' && queue.cases[0]).toMatchObject({
      caseReference: reference,
      msLeft: 4 * 3_600_000,
    });
  });
});
