// Ranking choices that a bare "is it found" test cannot see: code counts less than prose, and an
// error code pasted into a long question outweighs the prose around it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { tempCopy } from './helpers.js';

const article = (title: string, body: string) =>
  `---\ntitle: ${title}\n---\n\n# ${title}\n\n${body}\n`;

describe('ranking', () => {
  let kb: KnowledgeBase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(null);
    cleanup = copy.cleanup;
    const dir = path.join(copy.dir, 'kb');
    await mkdir(dir);
    const files: Record<string, string> = {
      'in-code.md': article(
        'Agent settings',
        'Set the option below.\n\n```yaml\nretention_window: 7d\n```',
      ),
      'in-prose.md': article('Keeping data', 'The retention window decides how long data is kept.'),
      'reset.md': article(
        'Connections fail with ECONNRESET',
        'ECONNRESET means the peer closed the socket.',
      ),
      'upgrade.md': article(
        'Upgrading to v8.11',
        'Checkout and login after the upgrade to v8.11: the upgrade changes checkout flows. After the upgrade, checkout fails until caches clear.',
      ),
      'calendar.md': article(
        'Business hours',
        'Cases opened yesterday evening or since the weekend wait for the next working day. Help is given urgently on Urgent cases only.',
      ),
      'tls.md': article(
        'TLS handshake failures',
        'The certificate chain is incomplete or the protocol is too old.',
      ),
      'severity.md': article(
        'Severity levels',
        'Production is down with no workaround: choose Urgent (1).',
      ),
      'tls-upgrade.md': article(
        'TLS after the upgrade to v8.11',
        'After the upgrade to v8.11 old clients fail the TLS handshake; the reset shows as ECONNRESET.',
      ),
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    kb = await openKnowledgeBase({ dir, cacheDir: null });
  });
  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  it('ranks a word in prose above the same word in a code block', () => {
    const ids = kb.search('retention window', { limit: 5 }).results.map((hit) => hit.id);
    expect(ids.slice(0, 2)).toEqual(['in-prose', 'in-code']);
  });

  it('ranks the article of a pasted error code first, even in a long question about something else', () => {
    const ids = kb
      .search('Checkout fails with ECONNRESET since the upgrade to v8.11', { limit: 5 })
      .results.map((hit) => hit.id);
    expect(ids).toContain('reset');
    expect(ids.indexOf('reset')).toBeLessThanOrEqual(1);
  });

  it('does not let chat filler around a pasted error ("since yesterday", "urgently") outweigh it', () => {
    const hits = kb.search(
      'we get ECONNRESET since yesterday, it worked before, please help urgently',
      { limit: 5 },
    ).results;
    expect(hits[0]?.id).toBe('reset');
  });

  it('reads chat shorthand as the word the articles spell out (prod, sev, ssl, cert)', () => {
    expect(kb.search('prod is down, which sev do I pick').results[0]?.id).toBe('severity');
    expect(kb.search('ssl error, bad cert chain').results[0]?.id).toBe('tls');
  });

  it('puts the article about a pasted error (named in its title) above one that mentions it among more of the words', () => {
    const ids = kb
      .search('Checkout fails with ECONNRESET since the upgrade to v8.11', { limit: 5 })
      .results.map((hit) => hit.id);
    expect(ids[0]).toBe('reset');
    expect(ids).toContain('tls-upgrade');
  });
});
