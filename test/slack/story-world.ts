// The world a Slack story runs in: who, where, what to ask, and how to move the SLA clock. Build
// one on the StoryDesk double (story.test.ts) or on the real conversation core.
import type { Desk } from '../../src/core/conversation/desk.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { FAKE_TEAM_ID } from '../fakes/slack/fake-slack.js';
import { optionValue, textValue, type SlackUser } from '../fakes/slack/signed-requests.js';
import type { SlackHarness } from './harness.js';

export interface CaseValues {
  title: string;
  situation: string;
  severity: string;
  seriousness: string;
  product: string;
  type: string;
}

export interface StoryWorld {
  desk: Desk;
  bindChat(chat: ChatPort): void;
  users: {
    customer: SlackUser;
    otherCustomer: SlackUser;
    engineerA: SlackUser;
    engineerB: SlackUser;
    moderator: SlackUser;
    communityAuthor: SlackUser;
  };
  channels: { support: string; team: string; community: string };
  onCallGroupId: string;
  question: string;
  invalidCase: CaseValues;
  /** The field the core must flag on `invalidCase`. */
  invalidField: string;
  validCase: CaseValues;
  /** The core opens a case (and alerts the team) when a moderator flags a message. */
  flagAlertsTeam?: boolean;
  /** Moves time and runs the SLA loop until the warning (then the breach) is due. */
  advanceSla(stage: 'warning' | 'breach'): Promise<void>;
}

let tsCounter = 0;
export const nextTs = () => `1700005000.${String(++tsCounter).padStart(6, '0')}`;

export function values(v: CaseValues) {
  return {
    title: textValue(v.title),
    situation: textValue(v.situation),
    severity: optionValue(v.severity, 'radio_buttons'),
    seriousness: textValue(v.seriousness),
    product: optionValue(v.product),
    type: optionValue(v.type),
  };
}

export const after = (h: SlackHarness) => {
  const mark = h.fake.calls.length;
  return (method: string) =>
    h.fake.calls.slice(mark).filter((c) => c.method === method && c.status === 200);
};

/** What the customer part of the story hands to the team part. */
export interface OpenedCase {
  askTs: string;
  reference: string;
  alertTs: string;
  claimValue: string;
}

/** The author fields of a message event; `user_team` carries a Slack Connect user's own workspace. */
export function asUser(user: SlackUser): { user: string; user_team: string } {
  return { user: user.id, user_team: user.teamId ?? FAKE_TEAM_ID };
}
