// Where the web pages (src/web/) run, and what links to them. One server at most: on Slack's HTTP
// server when Slack runs in HTTP mode (Bolt's customRoutes), else casebot's own on
// CASEBOT_HTTP_PORT (bound to CASEBOT_HTTP_HOST, default 127.0.0.1), else none. When pages are
// served and KB_BASE_URL is unset, article links in chat point at them (CASEBOT_PUBLIC_URL, or the
// server's own address). The secret that signs staff links is resolved only when pages are served.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/env.js';
import type { Logger } from '../core/ports/platform.js';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '../store/database-url.js';
import { openReportQueries } from '../store/prisma-report-queries.js';
import {
  createWebApp,
  resolveWebSecret,
  tagQuestionLink,
  staffLink,
  startWebServer,
  WEB_PREFIXES,
  DEFAULT_SECRET_FILE,
  type RunningWebServer,
  type WebApp,
} from '../web/index.js';
import type { KnowledgeBase } from '../core/kb/index.js';
import type { Directory } from '../core/ports/directory.js';
import type { DeflectionRepository } from '../core/ports/storage.js';
import type { ArticleLinkTracker } from '../core/deflection/article-links.js';
import type { Actor } from '../core/conversation/desk.js';
import type { NoticeView } from '../core/views.js';
import { chooseAdapters } from './create-app.js';

/** What the Slack adapter mounts on its HTTP server. */
export interface WebRoutes {
  prefixes: readonly string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export type DashboardLink =
  { ok: true; url: string; expiresAt: Date } | { ok: false; reason: string };

/**
 * Where a generated signing key is kept when CASEBOT_WEB_SECRET is unset: next to the SQLite
 * database (data/web-secret by default), or data/web-secret for PostgreSQL. `casebot
 * dashboard-link` reads the same file, so it signs links the server accepts.
 */
export function webSecretFile(databaseUrl: string | undefined): string {
  const target = parseDatabaseUrl(databaseUrl);
  return target.provider === 'sqlite'
    ? join(dirname(target.file), 'web-secret')
    : DEFAULT_SECRET_FILE;
}

export class WebWiring {
  private app: WebApp | null = null;
  private secret: string | null = null;
  private kb: KnowledgeBase | null = null;
  private directory: Pick<Directory, 'personByIdentity'> | null = null;
  private deflections: Pick<DeflectionRepository, 'recordOpened'> | null = null;
  private own: RunningWebServer | null = null;
  /** The address the pages are served at (own server, or Slack's port), once known. */
  private address: string | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  /** For Slack's HTTP server: answers 503 until the app is ready (attach). */
  readonly routes: WebRoutes = {
    prefixes: WEB_PREFIXES,
    handler: (req, res) => {
      if (!this.app) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('casebot is starting');
        return;
      }
      void this.app.listener(req, res);
    },
  };

  /** Slack serves HTTP on this port: the pages ride on it, and no own server starts. */
  servedBySlack(port: number): void {
    this.ensureApp();
    this.address = port === 0 ? null : `http://localhost:${port}`;
    if (this.config.web.port !== undefined)
      this.logger.info('web pages served on the Slack HTTP port; CASEBOT_HTTP_PORT is not used', {
        slackPort: port,
      });
  }

  /** Starts casebot's own server when CASEBOT_HTTP_PORT is set and Slack serves no HTTP. */
  async startOwnServer(): Promise<void> {
    const { port, host } = this.config.web;
    if (port === undefined || this.app) return;
    const app = this.ensureApp();
    this.own = await startWebServer(app, { port, host });
    this.address = this.own.url;
    this.logger.info('web pages listening', { url: this.own.url });
  }

  get serving(): boolean {
    return this.app !== null;
  }

  /** The public root of the pages (CASEBOT_PUBLIC_URL, else the server's address), or null. */
  baseUrl(): string | null {
    if (!this.serving) return null;
    return (this.config.web.publicUrl ?? this.address)?.replace(/\/+$/, '') ?? null;
  }

  /** The config the KB opens with: article links to these pages when KB_BASE_URL is unset. */
  appConfig(config: AppConfig): AppConfig {
    const base = this.baseUrl();
    if (config.kbBaseUrl || base === null) return config;
    // Fine in the shell; on Slack or Discord only people on this machine could open such links.
    if (!config.web.publicUrl && chooseAdapters(config) === 'platforms')
      this.logger.warn(
        'article links point at this machine: set CASEBOT_PUBLIC_URL to the address people reach casebot at (or KB_BASE_URL to your docs site)',
        { kbBaseUrl: `${base}/kb` },
      );
    return { ...config, kbBaseUrl: `${base}/kb` };
  }

  attach(
    kb: KnowledgeBase,
    directory: Pick<Directory, 'personByIdentity'>,
    deflections: Pick<DeflectionRepository, 'recordOpened'> | null = null,
  ): void {
    this.kb = kb;
    this.directory = directory;
    this.deflections = deflections;
  }

  /**
   * Tags suggestion links with their question when they lead to these pages (KB_BASE_URL unset),
   * so a customer opening one counts in the funnel; null when links go elsewhere.
   */
  articleLinks(): ArticleLinkTracker | null {
    const base = this.baseUrl();
    const secret = this.secret;
    if (this.config.kbBaseUrl || base === null || secret === null) return null;
    return { forQuestion: (url, questionId) => tagQuestionLink(secret, base, url, questionId) };
  }

  /** `/support dashboard` and the like: a link for an engineer or admin, a refusal for others. */
  async dashboardLinkFor(actor: Actor): Promise<NoticeView> {
    const person = await this.directory?.personByIdentity({
      platform: actor.platform,
      userId: actor.userId,
    });
    if (!person || !person.roles.some((role) => role === 'engineer' || role === 'admin'))
      return {
        kind: 'notice',
        tone: 'warning',
        text: 'The dashboard is for staff (engineers and admins).',
      };
    const link = this.dashboardLink(person.handle, new Date());
    if (!link.ok)
      return {
        kind: 'notice',
        tone: 'warning',
        text: `The dashboard is not available: ${link.reason}.`,
      };
    const until = `${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return {
      kind: 'notice',
      tone: 'info',
      text: `Your dashboard link, for you only (valid until ${until}): ${link.url}`,
    };
  }

  /** A signed dashboard link for a staff member (the caller checks that they are staff). */
  dashboardLink(subject: string, now: Date): DashboardLink {
    const base = this.baseUrl();
    if (!this.secret || base === null)
      return {
        ok: false,
        reason:
          'the dashboard is not served: set CASEBOT_HTTP_PORT (or run Slack in HTTP mode), and CASEBOT_PUBLIC_URL for links others can open',
      };
    const link = staffLink({
      baseUrl: base,
      path: '/dashboard',
      secret: this.secret,
      subject,
      now,
      ttlMs: this.config.web.linkTtlMs,
    });
    this.logger.info('dashboard link made', {
      for: subject,
      expiresAt: link.expiresAt.toISOString(),
    });
    return { ok: true, ...link };
  }

  async stop(): Promise<void> {
    await this.own?.close();
    this.own = null;
    await this.app?.close();
  }

  private ensureApp(): WebApp {
    if (this.app) return this.app;
    const secret = resolveWebSecret({
      fromEnv: this.config.web.secret,
      file: webSecretFile(this.config.databaseUrl),
    });
    if (secret.source === 'created')
      this.logger.info('web: generated the key that signs staff links', { file: secret.file });
    this.secret = secret.value;
    this.app = createWebApp({
      kb: () => {
        if (!this.kb) throw new Error('the knowledge base is not open yet');
        return this.kb;
      },
      reports: () => openReportQueries(this.config.databaseUrl),
      secret: secret.value,
      logger: this.logger,
      onArticleOpened: async (questionId, _articleId, at) => {
        if (await this.deflections?.recordOpened(questionId, at))
          this.logger.debug('web: suggested article opened', { questionId });
      },
    });
    return this.app;
  }
}
