// Severity-1 alerts page the team's on-call role when first posted (issue 6), on the platform the
// alert goes to; lower severities and every later update (claim, warning, breach) page nobody.
import { describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { postAlert } from '../../src/core/conversation/post-alert.js';
import type { CaseAlertView } from '../../src/core/views.js';
import { renderCaseAlert } from '../../src/adapters/slack/render-alert.js';
import { renderAlert } from '../../src/adapters/discord/render/alert.js';
import { renderText } from '../../src/adapters/shell/render-text.js';
import { type DeskFixture, deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

const alerts = (f: DeskFixture, op: 'post' | 'update') =>
  f.shell.log
    .filter((r) => r.op === op && r.view?.kind === 'case-alert')
    .map((r) => r.view as CaseAlertView);

describe('the on-call mention on a severity-1 alert', () => {
  it('is on the first post only, for the role on the alert platform', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    const [posted] = alerts(f, 'post');
    expect(posted?.caseReference).toBe(reference);
    // The Slack on-call role (S-ONCALL) is not for a shell alert.
    expect(posted?.mentions).toEqual([{ kind: 'role', id: 'platform-oncall' }]);
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    const loop = new SlaAlertLoop(f.ctx);
    for (let minute = 1; minute <= 40; minute++) {
      f.clock.advance(60_000);
      await loop.tick();
    }
    await loop.stop();
    const updates = alerts(f, 'update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((view) => view.mentions === undefined)).toBe(true);
  });

  it('is absent below the top severity', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '2' });
    const [posted] = alerts(f, 'post');
    expect(posted).toBeDefined();
    expect(posted?.mentions).toBeUndefined();
  });

  it('uses the Slack role when the alert goes to Slack', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    const stored = await f.db.store.cases.byReference(reference);
    if (!stored) throw new Error('case not stored');
    await postAlert(f.ctx, stored, 'slack', null);
    const posted = f.slack.log.find((r) => r.op === 'post' && r.view?.kind === 'case-alert');
    expect(posted?.place?.channelId).toBe('C-PLATFORM');
    expect((posted?.view as CaseAlertView).mentions).toEqual([{ kind: 'role', id: 'S-ONCALL' }]);
  });
});

const base: CaseAlertView = {
  kind: 'case-alert',
  caseId: 'c1',
  caseReference: 'CASE-1',
  severity: 1,
  severityLabel: 'Critical (1)',
  isTopSeverity: true,
  tier: 'enterprise',
  tierLabel: 'Enterprise',
  orgName: 'Globex',
  title: 'Everything is down',
  situation: null,
  seriousness: 'All sales lost',
  product: 'beacon',
  type: 'bug',
  dueAt: new Date('2026-03-02T10:00:00Z'),
  msLeft: 3_600_000,
  targetText: 'within 1 hour',
  state: 'new',
  elapsedFraction: 0,
  suggestedAssignee: null,
  assignee: null,
};

describe('rendering the on-call mention', () => {
  it('Slack: a subteam mention in the text and the top block, none on updates', () => {
    const first = renderCaseAlert({ ...base, mentions: [{ kind: 'role', id: 'S0ONCALL' }] });
    expect(first.text.startsWith('<!subteam^S0ONCALL> ')).toBe(true);
    expect(JSON.stringify(first.blocks)).toContain('<!subteam^S0ONCALL>');
    const update = renderCaseAlert({ ...base, state: 'claimed' });
    expect(JSON.stringify(update)).not.toContain('subteam');
  });

  it('Discord: a role mention in the content, allowed for that role only', () => {
    const first = renderAlert({ ...base, mentions: [{ kind: 'role', id: '222222222222222222' }] });
    expect(first.content?.startsWith('<@&222222222222222222> ')).toBe(true);
    expect(first.allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: ['222222222222222222'],
      replied_user: false,
    });
    const update = renderAlert({ ...base, state: 'warned' });
    expect(update.content).not.toContain('<@&');
    expect(update.allowed_mentions.roles).toEqual([]);
  });

  it('shell: the role named on the headline', () => {
    const text = renderText(
      { ...base, mentions: [{ kind: 'role', id: 'platform-oncall' }] },
      { now: new Date('2026-03-02T09:00:00Z') },
    );
    expect(text.split('\n')[0]).toContain('@platform-oncall');
    expect(renderText(base, { now: new Date('2026-03-02T09:00:00Z') })).not.toContain('@');
  });
});
