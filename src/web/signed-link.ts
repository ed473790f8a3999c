// Staff links: a token that says "staff, until this instant", signed with HMAC-SHA256 under the
// web secret (web-secret.ts). It rides in the link's `t` query parameter; the server keeps no
// session. Anyone holding an unexpired link is treated as staff, so links are short-lived (default
// 12 hours) and only ever sent to staff, privately.
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

export interface StaffGrant {
  /** Who the link was made for (logged on use; not a login). */
  subject: string;
  /** Unix seconds after which the link is refused. */
  expiresAt: number;
}

export type LinkRefusal = 'missing' | 'malformed' | 'tampered' | 'expired';

export type LinkCheck = { ok: true; grant: StaffGrant } | { ok: false; reason: LinkRefusal };

/** What a person is told when a link is refused (403): the reason, and how to get a good one. */
export const REFUSAL_MESSAGES: Record<LinkRefusal, string> = {
  missing:
    'This page is for staff: open it through a signed link (/dashboard in chat, or casebot dashboard-link).',
  malformed:
    'This link is not a casebot staff link (it was cut or changed): ask for a new one with /dashboard.',
  tampered:
    'This link’s signature does not match: it was changed, or signed with another secret. Ask for a new one with /dashboard.',
  expired: 'This link has expired: ask for a new one with /dashboard.',
};

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signStaffToken(secret: string, grant: StaffGrant): string {
  const body = `${VERSION}.${base64url(JSON.stringify({ sub: grant.subject, exp: grant.expiresAt }))}`;
  return `${body}.${base64url(mac(secret, body))}`;
}

export function verifyStaffToken(secret: string, token: string | undefined, now: Date): LinkCheck {
  if (token === undefined || token === '') return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  const [version, payload, signature] = parts;
  if (parts.length !== 3 || version !== VERSION || !payload || !signature)
    return { ok: false, reason: 'malformed' };
  const expected = mac(secret, `${version}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'tampered' };
  const grant = parseGrant(payload);
  if (!grant) return { ok: false, reason: 'malformed' };
  if (grant.expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, grant };
}

function parseGrant(payload: string): StaffGrant | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { sub, exp } = value as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return null;
    return { subject: sub, expiresAt: exp };
  } catch {
    return null;
  }
}

/** A signed dashboard link for a staff member, valid for `ttlMs` from `now`. */
export function staffLink(options: {
  baseUrl: string;
  path: string;
  secret: string;
  subject: string;
  now: Date;
  ttlMs: number;
}): { url: string; expiresAt: Date } {
  const expiresAt = Math.floor((options.now.getTime() + options.ttlMs) / 1000);
  const url = new URL(options.path, `${options.baseUrl.replace(/\/+$/, '')}/`);
  url.searchParams.set(
    't',
    signStaffToken(options.secret, { subject: options.subject, expiresAt }),
  );
  return { url: url.toString(), expiresAt: new Date(expiresAt * 1000) };
}
