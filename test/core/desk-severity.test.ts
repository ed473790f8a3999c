// Changing a case's severity through the Desk: SLA targets recomputed, the alert re-rendered, both
// sides told, and every refusal (other org, tier rules, no reason, same level, closed case) shown
// as a notice. Real SQLite store and KB, recording ChatPorts and a fake clock (desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import { renderView as renderDiscord } from '../../src/adapters/discord/render/index.js';
import { renderView as renderSlack } from '../../src/adapters/slack/render-view.js';
import { postAlert } from '../../src/core/conversation/post-alert.js';
import type { Person } from '../../src/core/model.js';
import type { CaseAlertView, NoticeView, View } from '../../src/core/views.js';
import {
  addDevelopmentCustomer,
  deskFixtureForEachTest,
  openThroughDesk,
  type Recorded,
} from './desk-fixture.js';

const f = deskFixtureForEachTest();
const HOUR = 3_600_000;

const notices = (log: Recorded[], channelId: string) =>
  log
    .filter((r) => r.op === 'post' && r.place?.channelId === channelId)
    .map((r) => r.view)
    .filter((view): view is NoticeView => view?.kind === 'notice');

async function firstResponseDue(reference: string): Promise<string | undefined> {
  const found = await f.db.store.cases.byReference(reference);
  const milestones = await f.db.store.milestones.forCase(found!.id);
  return milestones.find((m) => m.kind === 'first-response')?.dueAt.toISOString();
}

const developmentCustomer = (): Promise<Person> => addDevelopmentCustomer(f);

describe('changing the severity', () => {
  it('lets an engineer raise Normal to High: targets recomputed, alert re-rendered, both sides told', async () => {
    // Monday 10:00 Paris. Gold Normal: 2 business days → Wednesday 10:00 Paris.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    expect(await firstResponseDue(reference)).toBe('2026-03-04T09:00:00.000Z');
    f.clock.advance(HOUR);
    const reason = 'Checkout now fails for all EU shoppers';
    const answer = await f.desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 2,
      reason,
    });
    // Gold High: 1 business day from the change (11:00 Paris) → Tuesday 11:00 Paris.
    expect(answer).toEqual({
      kind: 'notice',
      tone: 'success',
      language: 'en',
      text: `${reference} is now High (2). First response due Tuesday 11:00 (Europe/Paris).`,
    });
    expect(await firstResponseDue(reference)).toBe('2026-03-03T10:00:00.000Z');
    const stored = await f.db.store.cases.byReference(reference);
    expect(stored?.severity).toBe(2);
    const event = (await f.db.store.events.forCase(stored!.id)).find(
      (e) => e.kind === 'severity-changed',
    );
    expect(event).toMatchObject({ actorId: f.world.sam.id, data: { from: 3, to: 2, reason } });

    const alert = f.shell.log.filter((r) => r.op === 'update').at(-1);
    expect(alert?.messageId).toBe(stored?.alertPlace?.messageId);
    expect(alert?.view as CaseAlertView).toMatchObject({
      kind: 'case-alert',
      severity: 2,
      severityLabel: 'High (2)',
      isTopSeverity: false,
      dueAt: new Date('2026-03-03T10:00:00.000Z'),
      targetText: 'within 1 business day',
    });
    expect((alert?.view as CaseAlertView).mentions).toBeUndefined();

    const team = f.shell.log.filter(
      (r) => r.op === 'post' && r.place?.threadId === stored?.alertPlace?.messageId,
    );
    expect(team.map((r) => (r.view as NoticeView).text)).toEqual([
      `Sam Rivera changed ${reference} from Normal (3) to High (2): ${reason}`,
    ]);
    expect(notices(f.shell.log, 'support').map((n) => n.text)).toEqual([
      `Sam Rivera from support changed ${reference} from Normal (3) to High (2). First response due Tuesday 11:00 (Europe/Paris). Reason: ${reason}`,
    ]);
  });

  it('lets the requester raise it too: the team is told it was the customer', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const answer = await f.desk.changeSeverity({
      actor: f.actor(f.world.alice),
      caseIdOrReference: reference,
      severity: 1,
      reason: 'All of checkout is down now',
    });
    // Gold Urgent: 4 business hours from Monday 10:00 Paris.
    expect(answer.text).toBe(
      `${reference} is now Urgent (1). First response due Monday 14:00 (Europe/Paris).`,
    );
    expect(notices(f.shell.log, 'team-platform').map((n) => n.text)).toEqual([
      `Alice Martin (customer) changed ${reference} from Normal (3) to Urgent (1): All of checkout is down now`,
    ]);
    // The customer made the change: nothing is posted back to their own thread.
    expect(notices(f.shell.log, 'support')).toEqual([]);
    const alert = f.shell.log.filter((r) => r.op === 'update').at(-1)?.view as CaseAlertView;
    expect(alert).toMatchObject({ severity: 1, isTopSeverity: true });
  });

  it('answers a customer of another org exactly as for a missing case, and changes nothing', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const before = f.shell.log.length;
    const asBob = await f.desk.changeSeverity({
      actor: f.actor(f.world.bob),
      caseIdOrReference: reference,
      severity: 1,
      reason: 'let me in',
    });
    const missing = await f.desk.changeSeverity({
      actor: f.actor(f.world.bob),
      caseIdOrReference: 'CASE-9999',
      severity: 1,
      reason: 'let me in',
    });
    expect(asBob).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: `There is no case ${reference}.`,
      language: 'en',
    });
    expect(missing).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: 'There is no case CASE-9999.',
      language: 'en',
    });
    expect((await f.db.store.cases.byReference(reference))?.severity).toBe(3);
    expect(f.shell.log).toHaveLength(before);
  });

  it('keeps a Development subscription at developer support (4), for the customer and for staff', async () => {
    const dana = await developmentCustomer();
    const reference = await openThroughDesk(f, dana, { severity: '4', type: 'question' });
    for (const severity of [1, 2, 3]) {
      for (const who of [dana, f.world.sam]) {
        const answer = await f.desk.changeSeverity({
          actor: f.actor(who),
          caseIdOrReference: reference,
          severity,
          reason: 'We go live next week',
        });
        expect(answer).toMatchObject({
          tone: 'warning',
          text: expect.stringContaining(
            'A Development subscription can open developer-support (4) cases only',
          ),
        });
      }
    }
    expect((await f.db.store.cases.byReference(reference))?.severity).toBe(4);
  });

  it('refuses an empty reason, the same level, an unknown level and a closed case, with clear notices', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const change = (severity: number, reason: string, who = f.world.sam) =>
      f.desk.changeSeverity({
        actor: f.actor(who),
        caseIdOrReference: reference,
        severity,
        reason,
      });
    expect(await change(2, '   ')).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: 'Say why the severity changes (the business impact): it is kept in the case history.',
      language: 'en',
    });
    expect((await change(3, 'still bad')).text).toBe(`${reference} is already Normal (3).`);
    // Alice's org is Gold: the levels listed are the ones it may use (never 4, Developer support).
    expect((await change(9, 'worse')).text).toBe(
      'There is no severity 9: choose one of 1 (Urgent), 2 (High), 3 (Normal).',
    );
    await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
    expect(await change(2, 'it is back')).toMatchObject({
      tone: 'warning',
      text: `${reference} is resolved: reopen it first.`,
    });
    expect((await f.db.store.cases.byReference(reference))?.severity).toBe(3);
    // None of the refusals was relayed anywhere.
    expect(notices(f.shell.log, 'team-platform').map((n) => n.text)).not.toContainEqual(
      expect.stringContaining('changed'),
    );
  });

  it('relays a reason with "@everyone <!channel>" as text that pings nobody on any platform', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    // Slack's and Discord's ping syntaxes, and a masked link.
    const reason =
      '@everyone <!channel> <@U0ALICE> <@123456789> [urgent](https://evil.example) checkout is down';
    const answer = await f.desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 2,
      reason,
    });
    expect(answer.tone).toBe('success');
    const carried: View[] = f.shell.log
      .filter((r) => r.op === 'post' && r.view?.kind === 'notice')
      .map((r) => r.view as View)
      .filter((view) => JSON.stringify(view).includes('checkout is down'));
    // The team thread and the customer's thread.
    expect(carried).toHaveLength(2);
    for (const view of carried) {
      expect(view).not.toHaveProperty('mentions');
      const slack = JSON.stringify(renderSlack(view));
      expect(slack).toContain('checkout is down');
      expect(slack).not.toMatch(/<!channel>|<!everyone>|<!here>|<@U0ALICE>/);
      expect(slack).not.toMatch(/(^|[^\u2060])@everyone/);
      const discord = renderDiscord(view);
      expect(discord.allowed_mentions).toMatchObject({ parse: [] });
      expect(discord.content).not.toMatch(/(^|[^\u200b])@everyone|<@123456789>/);
      expect(discord.content).not.toContain('[urgent](https://evil.example)');
    }
    // The case history keeps the reason as written.
    const stored = await f.db.store.cases.byReference(reference);
    const event = (await f.db.store.events.forCase(stored!.id)).find(
      (e) => e.kind === 'severity-changed',
    );
    expect(event?.data).toMatchObject({ reason });
  });
});

describe('paging the on-call role when a change raises a case to the top severity', () => {
  const change = (who: Person, reference: string, severity: number, reason: string) =>
    f.desk.changeSeverity({ actor: f.actor(who), caseIdOrReference: reference, severity, reason });
  const withMentions = (log: Recorded[]) => log.filter((r) => r.view && 'mentions' in r.view);

  it('raising Normal to Urgent posts one team notice, in the alert thread, that pings the on-call role', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const stored = await f.db.store.cases.byReference(reference);
    const before = f.shell.log.length;
    const answer = await change(f.world.sam, reference, 1, 'All of checkout is down');
    expect(answer.tone).toBe('success');

    const team = f.shell.log.filter(
      (r) => r.op === 'post' && r.place?.threadId === stored?.alertPlace?.messageId,
    );
    expect(team).toHaveLength(1);
    expect(team[0]?.place).toMatchObject({ platform: 'shell', channelId: 'team-platform' });
    // The shell role: the Slack on-call role (S-ONCALL) is not for an alert that lives in the shell.
    expect(team[0]?.view).toEqual({
      kind: 'notice',
      tone: 'info',
      language: 'en',
      text: `Sam Rivera changed ${reference} from Normal (3) to Urgent (1): All of checkout is down`,
      mentions: [{ kind: 'role', id: 'platform-oncall' }],
    });
    // The page is that notice alone: the re-rendered alert and the customer's notice carry none.
    expect(withMentions(f.shell.log.slice(before))).toEqual([team[0]]);
    expect(f.shell.log.slice(before).map((r) => r.op)).toEqual(['update', 'post', 'post']);
    expect(f.slack.log).toEqual([]);
  });

  it('pages nobody when lowering from Urgent or moving between lower levels', async () => {
    const urgent = await openThroughDesk(f, f.world.alice, { severity: '1' });
    const normal = await openThroughDesk(f, f.world.alice, { severity: '3' });
    // Opening at Urgent paged once, with the alert's first post: that is not a change.
    const opened = withMentions(f.shell.log);
    expect(opened.map((r) => r.view?.kind)).toEqual(['case-alert']);

    expect((await change(f.world.sam, urgent, 2, 'Only one shop is down')).tone).toBe('success');
    expect((await change(f.world.sam, normal, 2, 'More shops fail now')).tone).toBe('success');
    expect((await change(f.world.alice, normal, 3, 'It is back to a few')).tone).toBe('success');
    const changed = notices(f.shell.log, 'team-platform').map((n) => n.text);
    expect(changed).toEqual([
      `Sam Rivera changed ${urgent} from Urgent (1) to High (2): Only one shop is down`,
      `Sam Rivera changed ${normal} from Normal (3) to High (2): More shops fail now`,
      `Alice Martin (customer) changed ${normal} from High (2) to Normal (3): It is back to a few`,
    ]);
    expect(withMentions(f.shell.log)).toEqual(opened);
  });

  it('keeps "@everyone <!channel> <@&ROLE>" in the reason inert: the on-call role is the only ping', async () => {
    // The alert lives on Slack here, so the Slack renderer turns the structured mention into a
    // real subteam ping (the fixture's S-ONCALL is no Slack id; S0ONCALL is).
    await f.db.store.directory.upsertTeam({
      slug: 'platform',
      name: f.world.team.name,
      products: f.world.team.products,
      channels: [...f.world.team.channels, { platform: 'slack', channelId: 'C-PLATFORM' }],
      onCall: [...f.world.team.onCall, { platform: 'slack', roleId: 'S0ONCALL' }],
    });
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    const opened = await f.db.store.cases.byReference(reference);
    await postAlert(f.ctx, opened!, 'slack', null);
    const reason =
      'All of checkout is down @everyone <!channel> <@&222222222222222222> <!subteam^S0OTHER>';
    expect((await change(f.world.sam, reference, 1, reason)).tone).toBe('success');

    const told = f.slack.log.filter((r) => r.op === 'post' && r.view?.kind === 'notice');
    expect(told).toHaveLength(1);
    expect(told[0]?.place).toMatchObject({ platform: 'slack', channelId: 'C-PLATFORM' });
    const view = told[0]!.view as NoticeView;
    expect(view.mentions).toEqual([{ kind: 'role', id: 'S0ONCALL' }]);
    expect(view.text).toContain(reason);

    const slack = renderSlack(view);
    const pingsIn = (text: string) => text.match(/<[!@][^>]*>/g) ?? [];
    // One real ping in the notification text and one in the block Slack shows: the on-call subteam.
    expect(pingsIn(slack.text)).toEqual(['<!subteam^S0ONCALL>']);
    expect(pingsIn(JSON.stringify(slack.blocks))).toEqual(['<!subteam^S0ONCALL>']);
    expect(JSON.stringify(slack)).not.toMatch(/(^|[^\u2060])@(everyone|channel)/);

    const discord = renderDiscord(view);
    expect(discord.allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: ['S0ONCALL'],
      replied_user: false,
    });
    expect(discord.content?.match(/<@&[^>]*>/g)).toEqual(['<@&S0ONCALL>']);
    expect(discord.content).not.toMatch(/(^|[^\u200b])@everyone/);

    // The customer is told too, without any ping.
    expect(notices(f.shell.log, 'support').map((n) => n.mentions)).toEqual([undefined]);
  });

  it('a raise whose team post fails is still recorded and answered; the failure is logged', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    f.shell.failPosts = true;
    const answer = await change(f.world.alice, reference, 1, 'All of checkout is down');
    expect(answer).toMatchObject({ tone: 'success', text: expect.stringContaining('Urgent (1)') });
    const stored = await f.db.store.cases.byReference(reference);
    expect(stored?.severity).toBe(1);
    // As for every team post: the core logs; the message journal retries what it wrote down.
    expect(f.logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'could not post to the alert thread' }),
    );
  });
});
