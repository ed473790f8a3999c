// Each class of defect that real questions over a third-party knowledge base exposed, pinned on a
// small tool's docs (test/fixtures/kb-tool-docs) and on the sample kb/. Every expectation is about
// which article answers, never about a tuned constant.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { analyze } from '../../src/core/kb/text/analyze.js';
import { REPO, tempCopy } from './helpers.js';

let tool: KnowledgeBase;
let sample: KnowledgeBase;
beforeAll(async () => {
  tool = await openKnowledgeBase({
    dir: path.join(REPO, 'test/fixtures/kb-tool-docs'),
    cacheDir: null,
  });
  sample = await openKnowledgeBase({ dir: path.join(REPO, 'kb'), cacheDir: null });
});
afterAll(async () => {
  await tool.close();
  await sample.close();
});

/**
 * Asks `question` of a throwaway KB made of `pages` (id → Markdown); threshold 0 ranks every
 * matching page, for a ranking defect too small to clear the default confidence threshold.
 */
async function askPages(
  pages: Record<string, string>,
  question: string,
  threshold?: number,
  explain = false,
) {
  const { dir, cleanup } = await tempCopy(null);
  try {
    await mkdir(path.join(dir, 'kb'));
    for (const [id, body] of Object.entries(pages))
      await writeFile(path.join(dir, `kb/${id}.md`), body);
    const kb = await openKnowledgeBase({
      dir: path.join(dir, 'kb'),
      cacheDir: null,
      ...(threshold === undefined ? {} : { threshold }),
    });
    const { results } = kb.search(question, { explain });
    await kb.close();
    return results;
  } finally {
    await cleanup();
  }
}

const top = (kb: KnowledgeBase, question: string): string | undefined =>
  kb.search(question).results[0]?.id;
const top3 = (kb: KnowledgeBase, question: string): string[] =>
  kb
    .search(question)
    .results.slice(0, 3)
    .map((hit) => hit.id);

describe('identifiers written as one token', () => {
  it('finds a hyphenated command name from its words', () => {
    expect(top(tool, 'what does pkgr ci do')).toBe('commands/pkgr-ci');
    expect(top(tool, 'pkgr-ci')).toBe('commands/pkgr-ci');
    expect(top(tool, 'how do I see the tree with pkgr ls')).toBe('commands/pkgr-ls');
  });

  it('finds a camelCase API name whole and by its words', () => {
    expect(top(tool, 'how do I use setRetryPolicy')).toBe('api/retry-policy');
    expect(top(tool, 'where do I set the retry policy')).toBe('api/retry-policy');
  });

  it('indexes camelCase and dotted names whole and by parts', () => {
    expect(analyze('client.setRetryPolicy', 'en')).toEqual(
      expect.arrayContaining(['client.setretrypolicy', 'setretrypolicy', 'retry', 'policy']),
    );
  });
});

describe('words support questions use for what documentation says otherwise', () => {
  it('finds "delete a directory" when asked to remove a folder', async () => {
    const pages = {
      'delete-directory':
        '# Delete a directory\n\nThe purge command erases a directory and its contents.\n',
      'first-steps': '# How can I get started?\n\nYour first steps with the tool.\n',
    };
    expect((await askPages(pages, 'how can I remove a folder?', 0))[0]?.id).toBe(
      'delete-directory',
    );
  });
});

describe("a method called on a receiver of the asker's naming", () => {
  it("meets the same method called on the docs' receiver", async () => {
    const pages = {
      middleware:
        '# Middleware\n\nAdd a middleware with `fastify.use(handler)` once the adapter is loaded.\n',
      lifecycle: '# Lifecycle\n\nThe app object is ready once loaded; use it after that.\n',
      routes: '# Routes\n\nAn app declares routes; use one handler per route.\n',
      hooks: '# Hooks\n\nAn app runs hooks; use them to check requests.\n',
    };
    const hits = await askPages(pages, 'how do I call `app.use()`?', 0);
    expect(hits[0]?.id).toBe('middleware');
  });

  it('indexes a call by its method alone, and nothing else that has a dot', () => {
    expect(analyze('call fastify.use(fn) or reply.code(404)', 'en')).toEqual(
      expect.arrayContaining(['.use', '.code']),
    );
    expect(analyze('see example.com, index.js and request.body', 'en')).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^\./)]),
    );
  });
});

describe('short technical words', () => {
  it('keeps ci, ls, rm, ui and io in English questions and articles', () => {
    for (const word of ['ci', 'ls', 'rm', 'ui', 'io', 'os']) {
      expect(analyze(`the ${word} command`, 'en')).toContain(word);
    }
    expect(top(tool, 'how do I change the ui theme')).toBe('commands/pkgr-config');
    expect(top(tool, 'io is slow on our nfs volume')).toBe('network/disk-io');
  });

  it('applies stop words per language: French "ci" only as in celle-ci', () => {
    expect(analyze('celle-ci ne marche pas', 'fr')).not.toContain('ci');
    expect(top(tool, 'que fait pkgr ci exactement ?')).toBe('commands/pkgr-ci');
  });

  it('never drops a filler word that is rare in the knowledge base', () => {
    // "explain" is chat filler in most questions, but here it names a command.
    expect(top(tool, 'pkgr explain lodash')).toBe('commands/pkgr-explain');
  });
});

describe('everyday English', () => {
  it('drops the pieces of contractions instead of indexing "doesn" and "t"', () => {
    expect(analyze("the proxy doesn't work and I can't connect", 'en')).toEqual([
      'proxy',
      'work',
      'connect',
    ]);
    expect(analyze("it'll fail: Node's fetch won't retry", 'en')).toEqual([
      'fail',
      'node',
      'fetch',
      'retry',
    ]);
  });

  it('never reads a common word the KB lacks as a typo of a KB word', async () => {
    // "turn" is not in this KB; "tun" is one letter away and names a whole article.
    const hits = await askPages(
      {
        'tun-devices': '# Tun devices\n\nA tun device carries IP packets for the VPN client.\n',
        retries: '# Retries\n\nSet `retries: 3` in the client settings to retry failed uploads.\n',
      },
      'how do I turn on retries for failed uploads',
    );
    expect(hits.map((hit) => hit.id)).toEqual(['retries']);
  });
});

describe('pasted commands, logs and stack traces', () => {
  it('ranks by what the question is about, not by the words of the paste', () => {
    const question = [
      'our pipeline install keeps dying halfway, any idea?',
      '```',
      'Error: read ECONNRESET',
      '    at Module.loader (/srv/build/modules/loader/resolve.js:120:15)',
      '    at Resolver.workspace (/srv/build/modules/resolver/workspaces.js:88:3)',
      '    at process.startup (node:internal/process/task_queues:95:5)',
      '{"level":50,"module":"loader","msg":"settings file read once per process"}',
      '```',
    ].join('\n');
    expect(top(tool, question)).toBe('errors/econnreset');
  });

  it('lets a log pasted line after line weigh less than the sentence saying what goes wrong', async () => {
    // A log repeats its field names on every line, and a repeated word counts up: a few lines of
    // level, time, pid and hostname outweighed the one sentence about the async handler.
    const line =
      '{"level":50,"time":1548409603369,"pid":13096,"hostname":"box-1","msg":"request failed","stack":"at /app/node_modules/srv/lib/wrap.js:34:34"}';
    const pages = {
      logging:
        '# Logging\n\nEvery log line is one JSON object: its level, time, pid and hostname, then the message.\nSet the level to see fewer lines.\n',
      'async-handlers':
        '# Async handlers\n\nAn async handler answers with the value it returns. Returning undefined from an async handler\nleaves the request pending: return the payload, or send it yourself and return the reply.\n',
      install:
        '# Installing\n\nInstall the package with your package manager, then start the server.\n',
      routes:
        '# Routes\n\nA route has a method, a URL and a handler. Routes can be grouped under a prefix.\n',
    };
    const question = [
      'The request never ends when the handler is async. The log:',
      '```',
      ...Array.from({ length: 4 }, () => line),
      '```',
    ].join('\n');
    const hits = await askPages(pages, question, 0);
    expect(hits[0]?.id).toBe('async-handlers');
  });
});

describe('words an article only uses in a code example', () => {
  it('ranks the page that says it in prose above one whose example merely uses the words', async () => {
    const pages = {
      connecting:
        '# Connecting\n\nWhen the server is slow to accept, the client waits for the connect timeout, then gives up\nwith an error. Raise the timeout for servers far away.\n',
      examples:
        '# Examples\n\n```js\n// a client for a slow server: it gives up after the timeout\nconst client = new Client(slowServer, { connect: { timeout: 30000 } })\n```\n',
      logging:
        '# Logging\n\nEvery log line is one JSON object: its level, time, pid and hostname, then the message.\nSet the level to see fewer lines.\n',
      install:
        '# Installing\n\nInstall the package with your package manager, then start the server.\n',
      routes:
        '# Routes\n\nA route has a method, a URL and a handler. Routes can be grouped under a prefix.\n',
    };
    const hits = await askPages(
      pages,
      'why does the client give up on a slow server, which timeout?',
      0,
    );
    expect(hits[0]?.id).toBe('connecting');
  });
});

describe('long reference sections', () => {
  it('finds the one option a question is about in a long list of options', async () => {
    // A reference page's list of forty options, one of which answers the question. Scored as one
    // long section, its length drowned that option under a short page sharing a few words.
    const names = ['pipelining', 'keepalive', 'socketpath', 'maxheadersize', 'bodytimeout'];
    const options = Array.from({ length: 40 }, (_, i) => {
      const name = `${names[i % names.length]}${i}`;
      return `- **${name}** \`number\` - Sets the ${name} limit for each pooled socket; a larger value queues more dispatches before backpressure applies. Default: ${i * 10}.`;
    });
    options.splice(
      23,
      0,
      '- **allowH2** `boolean` - Turns on HTTP/2 when the server offers h2 during ALPN negotiation. Default: false.',
    );
    const pages: Record<string, string> = {
      client: `# Class: Client\n\nA basic dispatcher.\n\n## Options\n\n${options.join('\n')}\n`,
      push: '# Push streams\n\nOur server can push resources over HTTP/2 streams to browsers. Browsers use HTTP/2 by themselves; disable push in the proxy.\n',
      retries: '# Retries\n\nFailed requests are retried three times with a growing delay.\n',
      proxy: '# Proxies\n\nRoute requests through a corporate proxy with the proxy option.\n',
      mocking: '# Mocking\n\nIntercept requests in tests and answer them from fixtures.\n',
      errors: '# Errors\n\nEvery error has a code such as ECONNRESET or a timeout code.\n',
    };
    const hits = await askPages(pages, 'how do I turn on HTTP/2 when the server offers h2?');
    expect(hits[0]?.id).toBe('client');
    expect(hits[0]?.section).toBe('Options');
  });
});

describe('a word the question repeats', () => {
  it('ranks the page about the repeated word above one matching more passing words', async () => {
    const pages = {
      streams:
        '# Streams\n\nA response body is a stream: read the stream in chunks until it is done.\n',
      timeouts:
        '# Timeouts\n\nAn idle socket is closed after the keep-alive timeout. A paused upload counts as idle.\n',
    };
    const question =
      'my stream stops halfway: the stream is paused and the stream never resumes, then the socket is closed. why does my stream stall?';
    const hits = await askPages(pages, question, 0);
    expect(hits.map((hit) => hit.id)).toEqual(['streams', 'timeouts']);
  });

  it('is no surer a match for being said again: confidence and "no good match" ignore repeats', async () => {
    const pages = {
      logging: '# Logging\n\nWhere the logs go, and how to read the logs of a worker.\n',
      billing: '# Billing\n\nInvoices are sent on the first day of the month.\n',
    };
    const once = await askPages(pages, 'logs', 0);
    const often = await askPages(pages, `logs ${'logs '.repeat(39)}`, 0);
    expect(often[0]?.id).toBe('logging');
    expect(often[0]?.confidence).toBe(once[0]?.confidence);
    const offTopic = 'my dog ate my homework and the teacher asked for it, ';
    expect(await askPages(pages, `${offTopic}logs`)).toEqual([]);
    expect(await askPages(pages, `${offTopic}${'logs '.repeat(10)}`)).toEqual([]);
  });

  it('counts a name joined from two words no more often than the rarer of them', async () => {
    const pages = {
      typings: '# Typings\n\nThe ServerRequest type lists what a handler can read.\n',
      requests:
        '# Requests\n\nA request waits for its answer; a request nobody answers hangs until it times out.\n',
    };
    // "server request" is written once, "request" five times: ServerRequest is not asked about five times.
    const question =
      'my server request hangs: the request is sent, the request never gets an answer, and every request after it waits too. why does a request hang?';
    const hits = await askPages(pages, question, 0);
    expect(hits.map((hit) => hit.id)).toEqual(['requests', 'typings']);
  });
});

describe('words the question writes next to each other', () => {
  it('ranks the page saying the phrase above one that uses each word apart', async () => {
    const pages = {
      decorators:
        '# Decorators\n\nDecorating the request with a reference type shares one object between all requests.\n',
      types:
        '# Request types\n\nThe type of a request body is checked first. Decorating a reply is allowed; a reference to the request type is kept for logging, and the request type is shared.\n',
    };
    const question = 'why am I warned about decorating the request with a reference type?';
    const hits = await askPages(pages, question, 0);
    expect(hits.map((hit) => hit.id)).toEqual(['decorators', 'types']);
  });

  it('finds the phrase only where both words stand whole, not inside longer words', async () => {
    const pages = {
      whole: '# Routes\n\nSet the cache mode of each route.\n',
      inside: '# Network\n\nA cache is kept per route. The precache modem has a mode switch.\n',
    };
    const hits = await askPages(pages, 'which cache mode for a route', 0, true);
    const phrases = Object.fromEntries(hits.map((hit) => [hit.id, hit.explain?.phrases]));
    expect(Object.keys(phrases).sort()).toEqual(['inside', 'whole']);
    expect(phrases.whole).toBeGreaterThan(0);
    expect(phrases.inside).toBeUndefined();
  });
});

describe('the setup line of an issue template', () => {
  it('does not let versions and platforms decide the topic', () => {
    const question =
      'pkgr 3.1.0, Node 18.12.0, macOS 13.3.1, yarn 1.22. Since the update the tree printed by pkgr ls is empty for workspaces.';
    expect(top(tool, question)).toBe('commands/pkgr-ls');
  });
});

describe('unknown words beside an exact hit', () => {
  it('answers when the customer names their own hosts and products', () => {
    expect(top(sample, 'ECONNRESET on kafkabroker03 and zookeeper04')).toBe(
      'troubleshooting/connection-reset-econnreset',
    );
    expect(top(sample, 'Magento Shopware checkout fails with ECONNRESET')).toBe(
      'troubleshooting/connection-reset-econnreset',
    );
  });

  it('reads a code with an invisible character pasted inside it', () => {
    expect(top(tool, 'ECON\u200bNRESET')).toBe('errors/econnreset');
    expect(top(tool, 'ECON\u200bNRESET')).toBe(top(tool, 'ECONNRESET'));
  });
});

describe('French questions over English articles', () => {
  it('matches command names, option names, error codes and translated words', () => {
    expect(top(tool, "j'ai une erreur ECONNRESET pendant le téléchargement")).toBe(
      'errors/econnreset',
    );
    expect(top(tool, 'comment utiliser setRetryPolicy pour réessayer ?')).toBe('api/retry-policy');
    expect(top(tool, 'comment passer par un mandataire HTTP ?')).toBe('network/proxy');
    expect(top(tool, 'à quoi sert le réglage https-proxy ?')).toBe('network/proxy');
  });

  it('translates everyday support words beyond one product (packages, locks, teams)', async () => {
    // Each question also shares a word with a page that does not answer it.
    const pages = {
      'delete-package': '# Delete a package\n\nRemove the package from the registry.\n',
      'review-comments': '# Comment on a review\n\nLeave a comment on the change.\n',
      'lock-file': '# The lock file\n\nThe lock file pins the version of every dependency.\n',
      'file-uploads': '# Upload a file\n\nEach file you upload must correspond to a form field.\n',
      'team-members': '# Add people to a team\n\nAn owner adds a member to the team.\n',
      'mailing-list':
        '# Mailing list members\n\nEach member of the mailing list gets every post.\n',
    };
    const ask = async (question: string) => (await askPages(pages, question, 0))[0]?.id;
    expect(await ask('comment supprimer un paquet ?')).toBe('delete-package');
    expect(await ask('le fichier de verrouillage ne correspond plus à mes dépendances')).toBe(
      'lock-file',
    );
    expect(await ask('comment ajouter un membre à mon équipe ?')).toBe('team-members');
  });
});

describe('the "no good match" threshold', () => {
  it('keeps the answer of a long question that matches little of it', () => {
    const question =
      'Hi team, since Monday our Jenkins agents on the Frankfurt cluster (jenkins-eu-7, jenkins-eu-9) ' +
      'randomly abort the nightly build of the billing monorepo: the download of a tarball stops ' +
      'with ECONNRESET, then everything after it is skipped. Nobody touched the squid box as far as I know.';
    expect(sample.search(question).noGoodMatch).toBe(false);
    expect(top3(tool, question)).toContain('errors/econnreset');
  });

  it('rejects questions the knowledge base has nothing about', () => {
    for (const question of [
      'best pizza topping in Naples?',
      'how long should I boil an egg',
      'quelle est la meilleure recette de tarte aux pommes ?',
    ]) {
      expect(sample.search(question).noGoodMatch, question).toBe(true);
      expect(tool.search(question).noGoodMatch, question).toBe(true);
    }
  });
});

describe('bad input', () => {
  const customerSafe = (question: string): void => {
    const response = tool.search(question);
    expect(response.results.every((hit) => hit.audience !== 'internal')).toBe(true);
  };

  it('answers a bare stack trace, emoji, 20,000 characters or an unknown language honestly', () => {
    const trace = [
      'TypeError: Cannot read properties of undefined',
      '    at Object.<anonymous> (/app/index.js:3:9)',
      '    at Module._compile (node:internal/modules/cjs/loader:1364:14)',
    ].join('\n');
    for (const question of [trace, '🔥🔥🔥 😭', 'x'.repeat(20_000), 'a '.repeat(10_000)]) {
      customerSafe(question);
    }
    expect(tool.search('🔥🔥🔥 😭').noGoodMatch).toBe(true);
    expect(tool.search('x'.repeat(20_000)).noGoodMatch).toBe(true);
    expect(sample.search('パスワードをリセットする方法を教えてください').noGoodMatch).toBe(true);
    expect(sample.search('Wie kann ich mein Fahrrad reparieren?').noGoodMatch).toBe(true);
  });

  it('still reads the error at the end of a very long paste', () => {
    const question = `${'noise '.repeat(5000)}\nError: read ECONNRESET while downloading a tarball`;
    expect(top(tool, question)).toBe('errors/econnreset');
  });

  it('never shows an internal article to a customer, whatever the question', () => {
    customerSafe('registry outage escalation on-call page');
    expect(
      tool.search('registry outage escalation on-call page', { audience: 'staff' }).results[0]?.id,
    ).toBe('internal/escalation');
  });
});

describe('explain', () => {
  it('says which terms matched in which fields and what they added', () => {
    const [hit] = tool.search('what does pkgr ci do', { explain: true }).results;
    expect(hit?.id).toBe('commands/pkgr-ci');
    const terms = hit?.explain?.terms ?? [];
    const ci = terms.find((t) => t.term === 'ci');
    expect(ci?.fields.title).toBeGreaterThan(0);
    const total = terms.reduce((sum, t) => sum + t.contribution, 0);
    const fields = terms.reduce(
      (sum, t) => sum + Object.values(t.fields).reduce((a, b) => (a ?? 0) + (b ?? 0), 0)!,
      0,
    );
    expect(fields).toBeCloseTo(total, 1);
    expect(tool.search('what does pkgr ci do').results[0]?.explain).toBeUndefined();
  });

  it('says what word order added', () => {
    const question = 'my firewall drops long transfers, downloads fail';
    const [hit] = tool.search(question, { explain: true }).results;
    expect(hit?.id).toBe('errors/econnreset');
    expect(hit?.explain?.phrases).toBeGreaterThan(0);
    const [single] = tool.search('ECONNRESET', { explain: true }).results;
    expect(single?.explain?.phrases).toBeUndefined();
  });
});
