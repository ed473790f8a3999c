// The web app without a browser: signed staff links (good, missing, tampered, expired), KB pages
// (public for everyone, internal only with a staff link, drafts never), Markdown rendered safely
// with the KB's heading anchors, and the dashboard's refusals of bad filters.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo-seed.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { openReportQueries } from '../../src/store/prisma-report-queries.js';
import { createWebApp, signStaffToken, staffLink, verifyStaffToken } from '../../src/web/index.js';
import { resolveWebSecret } from '../../src/web/web-secret.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';

const SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const NOW = new Date('2026-03-02T09:00:00Z');

const ARTICLES: Record<string, string> = {
  'support/severity.md': [
    '---',
    'title: Choosing a severity',
    'description: How urgent is it?',
    '---',
    '# Choosing a severity',
    '',
    'See [the runbook](../internal/runbook.md#steps) and [timeouts](../troubleshooting/timeouts.md#raise-it).',
    '',
    '## Urgent (1)',
    '',
    '<script>alert(1)</script>',
    '',
    'Production is down. <img src=x onerror="alert(2)"> [click](javascript:alert(3))',
    '',
  ].join('\n'),
  'troubleshooting/timeouts.md':
    '---\ntitle: Timeouts\n---\n# Timeouts\n\n## Raise it\n\nSet it higher.\n',
  'internal/runbook.md':
    '---\ntitle: Escalation runbook\naudience: internal\n---\n# Runbook\n\n## Steps\n\nCall the on-call lead.\n',
  'internal/draft.md': '---\ntitle: Draft fix\ndraft: true\n---\n# Draft\n\nNot yet.\n',
};

let dir: string;
let kb: KnowledgeBase;
let db: TestDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casebot-web-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  kb = await openKnowledgeBase({ dir: join(dir, 'kb'), cacheDir: null, watch: false });
  db = await createTestDb('sqlite');
  await seedDemo(db.store.directory);
});

afterAll(async () => {
  await shared?.close();
  await kb?.close();
  await db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let shared: ReturnType<typeof createWebApp> | null = null;
/** One app for the whole file, as a server has: its caches are shared between readers. */
function app() {
  shared ??= createWebApp({
    kb: () => kb,
    reports: () => openReportQueries(db.url),
    secret: SECRET,
    logger: silentLogger,
    now: () => NOW,
  });
  return shared;
}

const token = (expiresAt = NOW.getTime() / 1000 + 3600) =>
  signStaffToken(SECRET, { subject: 'kim', expiresAt });

async function get(path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await app().fetch(new Request(`http://casebot.test${path}`));
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('staff links', () => {
  it('verifies a link it signed until it expires, and says why it refuses one', () => {
    const good = token();
    expect(verifyStaffToken(SECRET, good, NOW)).toEqual({
      ok: true,
      grant: { subject: 'kim', expiresAt: NOW.getTime() / 1000 + 3600 },
    });
    expect(verifyStaffToken(SECRET, undefined, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyStaffToken(SECRET, 'v1.abc', NOW)).toEqual({ ok: false, reason: 'malformed' });
    const [version, payload, signature] = good.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ sub: 'kim', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect(verifyStaffToken(SECRET, `${version}.${otherPayload}.${signature}`, NOW)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(verifyStaffToken(`${SECRET}x`, good, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(
      verifyStaffToken(
        SECRET,
        `${version}.${payload}.${signature}`,
        new Date('2026-03-02T10:00:00Z'),
      ),
    ).toEqual({ ok: false, reason: 'expired' });
  });

  it('makes a link to the dashboard with the token in t', () => {
    const link = staffLink({
      baseUrl: 'https://casebot.example.com/',
      path: '/dashboard',
      secret: SECRET,
      subject: 'kim',
      now: NOW,
      ttlMs: 3_600_000,
    });
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('https://casebot.example.com/dashboard');
    expect(verifyStaffToken(SECRET, url.searchParams.get('t') ?? '', NOW).ok).toBe(true);
    expect(link.expiresAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('keeps a generated secret in a file, mode 600, and reads it back; refuses a short one', () => {
    const file = join(dir, 'data', 'web-secret');
    const first = resolveWebSecret({ fromEnv: undefined, file });
    expect(first.source).toBe('created');
    expect(first.value.length).toBeGreaterThanOrEqual(32);
    const again = resolveWebSecret({ fromEnv: undefined, file });
    expect(again).toEqual({ ...first, source: 'file' });
    expect(() => resolveWebSecret({ fromEnv: 'short' })).toThrow(/at least 32 characters/);
    expect(resolveWebSecret({ fromEnv: SECRET, file }).source).toBe('env');
  });
});

describe('KB pages', () => {
  it('lists public articles only, unless the reader has a staff link; never drafts', async () => {
    const page = await get('/kb');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choosing a severity');
    expect(page.text).not.toContain('Escalation runbook');
    expect(page.text).not.toContain('Draft fix');
    const staff = await get(`/kb?t=${token()}`);
    expect(staff.text).toContain('Escalation runbook');
    expect(staff.text).not.toContain('Draft fix');
  });

  it('renders an article with heading anchors, article links to pages, and no script', async () => {
    const page = await get('/kb/support/severity');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<h1 id="choosing-a-severity">');
    expect(page.text).toContain('<h2 id="urgent-1">');
    expect(page.text).toContain('href="#urgent-1"');
    expect(page.text).toContain('href="/kb/troubleshooting/timeouts#raise-it"');
    // The internal article is not linked for a customer: the link text stays, as text.
    expect(page.text).toContain('<span>the runbook</span>');
    expect(page.text).not.toContain('internal/runbook');
    expect(page.text).not.toMatch(/<script>alert|onerror|javascript:/);
    // Every anchor the search links to (the KB's sections) is an id on the page.
    for (const section of kb.article('support/severity')?.sections ?? [])
      if (section.anchor) expect(page.text).toContain(`id="${section.anchor}"`);
  });

  it('serves an internal article only with a staff link, and carries the link on', async () => {
    const hidden = await get('/kb/internal/runbook');
    expect(hidden.status).toBe(404);
    expect(hidden.text).toContain('There is no public article');
    const t = token();
    const staff = await get(`/kb/internal/runbook?t=${t}`);
    expect(staff.status).toBe(200);
    expect(staff.text).toContain('for staff only');
    expect(staff.headers.get('cache-control')).toBe('no-store');
    const linking = await get(`/kb/support/severity?t=${t}`);
    expect(linking.text).toContain(`href="/kb/internal/runbook?t=${t}#steps"`);
    expect((await get(`/kb/internal/draft?t=${t}`)).status).toBe(404);
    // Another staff member's page carries their own link, never the first one's (no shared cache).
    const other = signStaffToken(SECRET, { subject: 'sam', expiresAt: NOW.getTime() / 1000 + 60 });
    const theirs = await get(`/kb/support/severity?t=${other}`);
    expect(theirs.text).toContain(`href="/kb/internal/runbook?t=${other}#steps"`);
    expect(theirs.text).not.toContain(t);
  });

  it('refuses a tampered or expired link on an internal article (403, with the reason)', async () => {
    const tampered = await get(`/kb/internal/runbook?t=${token()}x`);
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain('signature does not match');
    const expired = await get(`/kb/internal/runbook?t=${token(NOW.getTime() / 1000 - 1)}`);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('has expired');
  });
});

describe('dashboard', () => {
  it('refuses a reader without a good link', async () => {
    for (const [query, words] of [
      ['', 'This page is for staff'],
      [`?t=${token()}A`, 'signature does not match'],
      [`?t=${token(NOW.getTime() / 1000 - 60)}`, 'has expired'],
      ['?t=nonsense', 'not a casebot staff link'],
    ] as const) {
      const page = await get(`/dashboard${query}`);
      expect(page.status, query).toBe(403);
      expect(page.text).toContain(words);
      expect((await get(`/dashboard/data.json${query}`)).status).toBe(403);
    }
  });

  it('says which filter is wrong: an unknown org, a period the wrong way round', async () => {
    const t = token();
    const org = await get(`/dashboard?t=${t}&org=umbrella`);
    expect(org.status).toBe(400);
    expect(org.text).toContain('unknown org &quot;umbrella&quot;: the orgs are acme, globex');
    const period = await get(`/dashboard?t=${t}&from=2026-03-06&to=2026-03-02`);
    expect(period.status).toBe(400);
    expect(period.text).toContain('“from” 2026-03-06 is after “to” 2026-03-02');
    const json = await get(`/dashboard/data.json?t=${t}&from=2026-02-30`);
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toEqual({
      error: expect.stringContaining('“from” "2026-02-30" is not a real date'),
    });
  });

  it('shows an empty period as such', async () => {
    const page = await get(`/dashboard?t=${token()}&from=2026-03-02&to=2026-03-06`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nothing happened in this period');
    expect(page.text).toContain('CSAT');
    expect(page.text).toContain('0 rating(s) of 0 resolution(s) asked');
  });
});
