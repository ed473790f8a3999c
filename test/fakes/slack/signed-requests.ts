// Requests as Slack sends them to an HTTP-mode app: signed with the v0 HMAC of
// `v0:{timestamp}:{body}`, events as JSON, everything interactive as a form with `payload=`.
import { createHmac } from 'node:crypto';
import { FAKE_TEAM_ID } from './fake-slack.js';

export interface BoltTarget {
  url: string;
  signingSecret: string;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. A value 6+ minutes old is refused by Bolt. */
  timestamp?: number;
  /** Replaces the computed signature (to test refusal). */
  signature?: string;
  headers?: Record<string, string>;
}

export interface BoltReply {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  target: BoltTarget,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<BoltReply> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signature(target.signingSecret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

let eventCounter = 0;

/** An Events API callback. `retryNum` adds X-Slack-Retry-Num as Slack does on redelivery. */
export function sendEvent(
  target: BoltTarget,
  event: Record<string, unknown>,
  options: SendOptions & { eventId?: string; retryNum?: number; teamId?: string } = {},
): Promise<BoltReply> {
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: options.teamId ?? FAKE_TEAM_ID,
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${++eventCounter}${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  const headers = options.retryNum
    ? {
        'x-slack-retry-num': String(options.retryNum),
        'x-slack-retry-reason': 'http_timeout',
        ...options.headers,
      }
    : options.headers;
  return postSigned(target, body, 'application/json', { ...options, headers });
}

export function sendCommand(
  target: BoltTarget,
  fields: Record<string, string>,
  options: SendOptions = {},
): Promise<BoltReply> {
  const body = new URLSearchParams({
    team_id: FAKE_TEAM_ID,
    trigger_id: `trig-${Date.now()}`,
    ...fields,
  }).toString();
  return postSigned(target, body, 'application/x-www-form-urlencoded', options);
}

/** block_actions, shortcuts, message_action, view_submission: a form field `payload` of JSON. */
export function sendInteraction(
  target: BoltTarget,
  payload: Record<string, unknown>,
  options: SendOptions = {},
): Promise<BoltReply> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(target, body, 'application/x-www-form-urlencoded', options);
}

export interface SlackUser {
  id: string;
  name: string;
  teamId?: string;
}

function user(u: SlackUser) {
  return { id: u.id, username: u.name, name: u.name, team_id: u.teamId ?? FAKE_TEAM_ID };
}

export function blockAction(args: {
  user: SlackUser;
  channel: string;
  message: { ts: string; thread_ts?: string };
  actionId: string;
  value: string;
  responseUrl?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: args.user.teamId ?? FAKE_TEAM_ID, domain: 'fake' },
    user: user(args.user),
    api_app_id: 'A0FAKE',
    trigger_id: `trig-${Date.now()}`,
    container: {
      type: 'message',
      message_ts: args.message.ts,
      channel_id: args.channel,
      is_ephemeral: false,
    },
    channel: { id: args.channel, name: 'support' },
    message: {
      type: 'message',
      ts: args.message.ts,
      ...(args.message.thread_ts ? { thread_ts: args.message.thread_ts } : {}),
      text: '',
    },
    response_url: args.responseUrl ?? 'http://127.0.0.1:9/unused',
    actions: [
      {
        type: 'button',
        action_id: args.actionId,
        block_id: 'b',
        value: args.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export function messageShortcut(args: {
  user: SlackUser;
  channel: string;
  callbackId: string;
  /** `user_team` / `team`: the author's workspace, as Slack sends it in a shared channel. */
  message: {
    ts: string;
    thread_ts?: string;
    user: string;
    text: string;
    user_team?: string;
    team?: string;
  };
}): Record<string, unknown> {
  return {
    type: 'message_action',
    callback_id: args.callbackId,
    trigger_id: `trig-${Date.now()}`,
    team: { id: args.user.teamId ?? FAKE_TEAM_ID, domain: 'fake' },
    user: user(args.user),
    channel: { id: args.channel, name: 'community' },
    message: { type: 'message', ...args.message },
    response_url: 'http://127.0.0.1:9/unused',
    message_ts: args.message.ts,
  };
}

export function globalShortcut(args: {
  user: SlackUser;
  callbackId: string;
}): Record<string, unknown> {
  return {
    type: 'shortcut',
    callback_id: args.callbackId,
    trigger_id: `trig-${Date.now()}`,
    team: { id: args.user.teamId ?? FAKE_TEAM_ID, domain: 'fake' },
    user: user(args.user),
  };
}

let viewCounter = 0;

/** A view_submission of a modal the app opened earlier (as recorded by the fake's views.open). */
export function viewSubmission(args: {
  user: SlackUser;
  view: Record<string, unknown>;
  values: Record<string, Record<string, Record<string, unknown>>>;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: args.user.teamId ?? FAKE_TEAM_ID, domain: 'fake' },
    user: user(args.user),
    api_app_id: 'A0FAKE',
    trigger_id: `trig-${Date.now()}`,
    // Each modal Slack opens has its own view.id; a test resubmits one by passing its `id`.
    view: { id: `V0MODAL${++viewCounter}`, ...args.view, state: { values: args.values } },
    response_urls: [],
  };
}

/** State values as Slack fills them from what the user typed or picked. */
export function textValue(value: string): Record<string, Record<string, unknown>> {
  return { value: { type: 'plain_text_input', value } };
}

export function optionValue(
  value: string,
  type: 'radio_buttons' | 'static_select' = 'static_select',
): Record<string, Record<string, unknown>> {
  return { value: { type, selected_option: { value, text: { type: 'plain_text', text: value } } } };
}
