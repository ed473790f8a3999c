// The contract harness for the shell: the real shell ChatPort, with its output stream captured and
// read back block by block ("[#channel › thread] …", "[DM → user] …", "(only user sees)").
// A terminal pings nobody, renders no links and cannot edit what it printed: an update is a new
// block marked "(updated)".
import { createShellChatPort } from '../../src/adapters/shell/shell-chat-port.js';
import type { Place } from '../../src/core/model.js';
import type { ContractHarness, PlatformRecord } from './contract-harness.js';

/** "#team › m1", "DM @sam", "#private-sam › p1" → channel and thread ids. */
function parseLabel(label: string): { channel: string; thread: string | null } {
  const [where = '', thread = null] = label.split(' › ');
  const channel = where.startsWith('DM ') ? where.slice(3) : where.replace(/^#/, '');
  return { channel, thread };
}

export function readShellBlock(block: string): PlatformRecord | null {
  const base = { messageId: '', text: block, pings: [], maskedLinks: [] };
  const dm = /^\[DM → (\S+)\]/.exec(block);
  if (dm) return { op: 'post', channel: `@${dm[1]}`, thread: null, onlyFor: dm[1]!, ...base };
  const labelled = /^\[([^\]]+)\](?: \((updated|only (\S+) sees)\))?/.exec(block);
  if (!labelled || / private support space opened for /.test(block)) return null;
  const { channel, thread } = parseLabel(labelled[1]!);
  const op = labelled[2] === 'updated' ? 'edit' : labelled[3] ? 'ephemeral' : 'post';
  const onlyFor = labelled[3] ?? (channel.startsWith('@') ? channel.slice(1) : null);
  return { op, channel, thread, onlyFor, ...base };
}

export async function startShellContractHarness(): Promise<ContractHarness> {
  const output: string[] = [];
  const port = createShellChatPort({
    write: (text) => void output.push(text),
    clock: { now: () => new Date('2026-11-23T10:00:00Z') },
  });
  return {
    port,
    channel: { platform: 'shell', channelId: 'team-platform' },
    customerUserId: 'cara',
    engineerUserId: 'sam',
    onCallRoleId: 'oncall-platform',
    editsInPlace: false,
    failures: false,
    pings: false,
    records: () => output.map(readShellBlock).filter((r): r is PlatformRecord => r !== null),
    membersOf(place: Place) {
      if (place.channelId.startsWith('@')) return [place.channelId.slice(1)];
      const opened = output.find((block) =>
        block.startsWith(
          `[#${place.channelId} › ${place.threadId}] private support space opened for `,
        ),
      );
      return opened ? [/opened for (\S+):/.exec(opened)![1]!] : 'public';
    },
    failPosts() {
      throw new Error('a terminal cannot fail');
    },
    settle: async () => {},
    close: async () => {},
  };
}
