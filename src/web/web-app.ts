// The web app: KB pages for everyone, internal articles and the dashboard for holders of a signed
// staff link. Built with Hono (routing, escaping templates) and served either by its own Node
// server (web-server.ts) or inside the Slack adapter's HTTP server (Bolt's customRoutes) through
// the same request listener. No platform SDK here: the KB and the report source come in as getters.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { KnowledgeBase } from '../core/kb/index.js';
import type { Logger } from '../core/ports/platform.js';
import { ReportInputError } from '../reports/period.js';
import type { ReportSource } from '../reports/report-data.js';
import {
  loadChoices,
  loadDashboard,
  readFilters,
  type DashboardData,
  type DashboardFilters,
} from './dashboard-data.js';
import { ArticleCache, articlePagePath, isPublicArticle, type ArticleLinks } from './kb-pages.js';
import { articlePage, dashboardPage, errorPage, kbIndexPage } from './pages.js';
import { REFUSAL_MESSAGES, verifyStaffToken, type LinkCheck } from './signed-link.js';
import { questionOfTag } from './question-links.js';

/** The first path segment of every route, for a host server that routes by prefix (Bolt). */
export const WEB_PREFIXES = ['/kb', '/dashboard', '/assets'] as const;

const DAY_MS = 24 * 3_600_000;

export interface WebAppOptions {
  /** The knowledge base (a getter: the app opens it after the host server is built). */
  kb: () => KnowledgeBase;
  /** The report's read-only source, opened on the first dashboard request and kept. */
  reports: () => Promise<ReportSource>;
  secret: string;
  logger: Logger;
  now?: () => Date;
  recontactMs?: number;
  /**
   * A customer opened an article from a suggestion (its link carried the question's signed tag):
   * the funnel counts it. Absent: visits are not counted.
   */
  onArticleOpened?: (questionId: string, articleId: string, at: Date) => Promise<unknown>;
}

export interface WebApp {
  fetch: (request: Request) => Response | Promise<Response>;
  /** For a Node server (or Bolt's customRoutes). */
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Closes the report source, if a dashboard opened it. */
  close(): Promise<void>;
}

const HERE = dirname(fileURLToPath(import.meta.url));
// src/web/ and dist/web/ alike: the static files are in the package's web/ folder.
const STATIC_DIR = join(HERE, '..', '..', 'web');
const CHART_JS = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

const ASSETS: Record<string, { file: string; type: string }> = {
  'chart.umd.min.js': { file: CHART_JS, type: 'text/javascript; charset=utf-8' },
  'dashboard.js': {
    file: join(STATIC_DIR, 'dashboard.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'casebot.css': { file: join(STATIC_DIR, 'casebot.css'), type: 'text/css; charset=utf-8' },
};

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Web-form wording for the report's command-line messages ("--from" is the From field). */
function formWording(message: string): string {
  return message.replace(/--(from|to)\b/g, (_match, word: string) => `“${word}”`);
}

export function createWebApp(options: WebAppOptions): WebApp {
  const now = options.now ?? (() => new Date());
  const recontactMs = options.recontactMs ?? 7 * DAY_MS;
  const cache = new ArticleCache();
  const assets = new Map<string, string>();
  let source: Promise<ReportSource> | null = null;
  const reports = () => {
    source ??= options.reports().catch((error: unknown) => {
      source = null;
      throw error;
    });
    return source;
  };

  /** Counted without holding the page: a slow store never delays the reader. */
  const countVisit = (tag: string | undefined, articleId: string) => {
    const questionId = questionOfTag(options.secret, tag);
    if (questionId === null || !options.onArticleOpened) return;
    options
      .onArticleOpened(questionId, articleId, now())
      .catch((error: unknown) =>
        options.logger.warn('web: article visit not counted', { error: String(error) }),
      );
  };

  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });

  const staff = (c: Context): LinkCheck =>
    verifyStaffToken(options.secret, c.req.query('t'), now());
  const refuse = (c: Context, check: Extract<LinkCheck, { ok: false }>) => {
    options.logger.info('web: staff link refused', { path: c.req.path, reason: check.reason });
    c.header('cache-control', 'no-store');
    return c.html(errorPage(403, REFUSAL_MESSAGES[check.reason], { token: null }), 403);
  };

  /** Links inside an article: to public pages for everyone, to internal ones only for staff. */
  const linksFor = (token: string | null): ArticleLinks => ({
    pageOf(target, anchor) {
      const kb = options.kb();
      const article =
        kb.article(target) ?? kb.articles().find((candidate) => candidate.path === target);
      if (!article) return null;
      if (isPublicArticle(article)) return articlePagePath(article.id, anchor);
      return token ? withToken(articlePagePath(article.id, anchor), token) : null;
    },
  });

  app.get('/', (c) => c.redirect('/kb'));

  app.get('/kb', (c) => {
    const check = c.req.query('t') === undefined ? null : staff(c);
    if (check && !check.ok) return refuse(c, check);
    const token = check?.ok ? (c.req.query('t') ?? null) : null;
    const articles = options
      .kb()
      .articles()
      .filter(
        (article) => isPublicArticle(article) || (token !== null && article.extra.draft !== true),
      )
      .map((article) => ({
        article,
        href: isPublicArticle(article)
          ? articlePagePath(article.id)
          : withToken(articlePagePath(article.id), token),
      }));
    if (token) c.header('cache-control', 'no-store');
    return c.html(kbIndexPage(articles, { token }));
  });

  app.get('/kb/*', async (c) => {
    const id = decodeId(c.req.path.slice('/kb/'.length));
    const article = id === null ? undefined : options.kb().article(id);
    // An internal article and a missing one look the same to a reader without a staff link.
    const missing = () =>
      c.html(errorPage(404, `There is no public article "${id ?? ''}".`, { token: null }), 404);
    if (!article || article.extra.draft === true) return missing();
    let token: string | null = null;
    if (!isPublicArticle(article) || c.req.query('t') !== undefined) {
      const check = staff(c);
      if (!check.ok) return check.reason === 'missing' ? missing() : refuse(c, check);
      token = c.req.query('t') ?? null;
      c.header('cache-control', 'no-store');
    }
    countVisit(c.req.query('from'), article.id);
    const body = await cache.body(article, linksFor(token), token ? 'staff' : 'public');
    return c.html(articlePage(article, body, { token }));
  });

  app.get('/dashboard', async (c) => {
    const check = staff(c);
    if (!check.ok) return refuse(c, check);
    c.header('cache-control', 'no-store');
    const token = c.req.query('t') ?? '';
    const filters = readFilters((name) => c.req.query(name));
    const result = await dashboard(filters);
    const choices = await loadChoices(await reports());
    const page = dashboardPage({ token, filters, choices, ...result });
    return c.html(page, result.problem ? 400 : 200);
  });

  app.get('/dashboard/data.json', async (c) => {
    const check = staff(c);
    if (!check.ok) return c.json({ error: REFUSAL_MESSAGES[check.reason] }, 403);
    c.header('cache-control', 'no-store');
    const result = await dashboard(readFilters((name) => c.req.query(name)));
    return result.problem ? c.json({ error: result.problem }, 400) : c.json(result.data);
  });

  async function dashboard(
    filters: DashboardFilters,
  ): Promise<{ data: DashboardData | null; problem: string | null }> {
    try {
      const data = await loadDashboard(await reports(), filters, { now: now(), recontactMs });
      return { data, problem: null };
    } catch (error) {
      if (error instanceof ReportInputError)
        return { data: null, problem: formWording(error.message) };
      throw error;
    }
  }

  app.get('/assets/:name', async (c) => {
    const asset = ASSETS[c.req.param('name')];
    if (!asset) return c.text('not found', 404);
    let body = assets.get(asset.file);
    if (body === undefined) {
      body = await readFile(asset.file, 'utf8');
      assets.set(asset.file, body);
    }
    c.header('content-type', asset.type);
    c.header('cache-control', 'public, max-age=300');
    return c.body(body);
  });

  app.notFound((c) => c.html(errorPage(404, 'There is no page here.', { token: null }), 404));
  app.onError((error, c) => {
    options.logger.error('web: request failed', { path: c.req.path, error: String(error) });
    return c.html(
      errorPage(500, 'Something went wrong on our side; it was logged.', { token: null }),
      500,
    );
  });

  return {
    fetch: app.fetch,
    listener: getRequestListener(app.fetch, { overrideGlobalObjects: false }),
    async close() {
      const opened = source;
      source = null;
      const reportSource = await opened?.catch(() => null);
      await reportSource?.close();
    },
  };
}

function withToken(path: string, token: string | null): string {
  if (!token) return path;
  const [base = path, hash] = path.split('#', 2);
  return `${base}?t=${encodeURIComponent(token)}${hash === undefined ? '' : `#${hash}`}`;
}

function decodeId(raw: string): string | null {
  try {
    const id = raw.split('/').map(decodeURIComponent).join('/');
    return id === '' ? null : id;
  } catch {
    return null;
  }
}
