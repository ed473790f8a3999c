// The contract's readers must be able to fail: what a platform really pings or links, they report.
import { describe, expect, it } from 'vitest';
import { discordMaskedLinks, discordPings } from './discord-harness.js';
import { readShellBlock } from './shell-harness.js';
import { slackMaskedLinks, slackPings } from './slack-harness.js';

describe('contract readers', () => {
  it('count Discord content mentions as pings unless allowed_mentions forbids them', () => {
    const content = '@everyone <@123456789012345678> <@&223456789012345678>';
    expect(discordPings({ content }).sort()).toEqual([
      'everyone',
      'role:223456789012345678',
      'user:123456789012345678',
    ]);
    expect(discordPings({ content, allowed_mentions: { parse: [] } })).toEqual([]);
    expect(
      discordPings({ content, allowed_mentions: { parse: [], users: ['123456789012345678'] } }),
    ).toEqual(['user:123456789012345678']);
    expect(discordPings({ embeds: [{ description: '@everyone' }] })).toEqual([]);
  });

  it('find Discord masked links unless their brackets are escaped', () => {
    expect(discordMaskedLinks({ content: '[x](http://evil)' })).toEqual(['http://evil']);
    expect(discordMaskedLinks({ embeds: [{ description: '\\[x\\](http://evil)' }] })).toEqual([]);
  });

  it('read Slack broadcasts, user and group mentions and masked links in mrkdwn only', () => {
    const blocks = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '<!here> <@U1> <!subteam^S1> <http://evil|x>' },
      },
      { type: 'header', text: { type: 'plain_text', text: '<!channel>' } },
    ];
    expect(slackPings({ blocks }).sort()).toEqual(['everyone', 'role:S1', 'user:U1']);
    expect(slackPings({ text: '&lt;!channel&gt; @here' })).toEqual([]);
    expect(slackPings({ text: '@here', link_names: true })).toEqual(['everyone']);
    expect(slackMaskedLinks({ blocks })).toEqual(['http://evil']);
  });

  it('read shell blocks: posts, updates, asides and DMs', () => {
    expect(readShellBlock('[#team › m1] hi')).toMatchObject({
      op: 'post',
      channel: 'team',
      thread: 'm1',
    });
    expect(readShellBlock('[#team] (updated) hi')).toMatchObject({ op: 'edit', channel: 'team' });
    expect(readShellBlock('[#team] (only sam sees) hi')).toMatchObject({
      op: 'ephemeral',
      onlyFor: 'sam',
    });
    expect(readShellBlock('[DM → sam] hi')).toMatchObject({ op: 'post', onlyFor: 'sam' });
  });
});
