// Display names and locales for actors. Events carry only user ids (sometimes a user_profile, never
// a locale), and the core shows who said what (relays, "Sam is on it") in the reader's language,
// so both come from one users.info call (`include_locale`), cached for an hour per user: a busy
// user costs one call an hour, never one per event. A failed lookup is remembered for a minute
// and falls back to the payload's name or the id, and to no locale: it never blocks a flow.
import type { Logger } from '../../core/ports/platform.js';
import type { SlackApi } from './slack-api.js';

interface UserInfo {
  user?: {
    name?: string;
    real_name?: string;
    /** Present when asked with include_locale: "fr-FR", "en-US". */
    locale?: string;
    profile?: { display_name?: string; real_name?: string };
  };
}

/** What the adapter knows of a Slack user: their name and, when Slack said it, their locale. */
export interface SlackUserProfile {
  name: string;
  locale: string | null;
}

interface Entry {
  /** Null when the lookup failed. */
  name: string | null;
  locale: string | null;
  at: number;
}

const FAILED_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

export class UserNames {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(
    private readonly api: SlackApi,
    private readonly logger: Logger,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  /** A name to show: the payload's (`hint`) without any call, else users.info's, else the id. */
  async nameOf(userId: string, hint?: string | null): Promise<string> {
    if (hint) return hint;
    return (await this.lookup(userId)).name ?? userId;
  }

  /** The name (the payload's first) and the locale, from the cache or one users.info call. */
  async profileOf(userId: string, hint?: string | null): Promise<SlackUserProfile> {
    const entry = await this.lookup(userId);
    return { name: hint || entry.name || userId, locale: entry.locale };
  }

  /** The locale already known for a user, without any call (error paths). */
  knownLocale(userId: string): string | null {
    return this.cache.get(userId)?.locale ?? null;
  }

  private async lookup(userId: string): Promise<Entry> {
    const cached = this.cache.get(userId);
    const ttl = cached?.name === null ? FAILED_TTL_MS : this.ttlMs;
    if (cached && Date.now() - cached.at < ttl) return cached;
    // Several events of one user at once share one call.
    const running = this.pending.get(userId);
    if (running) return running;
    const call = this.fetch(userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, call);
    return call;
  }

  private async fetch(userId: string): Promise<Entry> {
    let entry: Entry;
    try {
      const { user } = (await this.api.call(
        'users.info',
        { user: userId, include_locale: true },
        2,
      )) as UserInfo;
      const name =
        user?.profile?.display_name ||
        user?.profile?.real_name ||
        user?.real_name ||
        user?.name ||
        userId;
      entry = { name, locale: user?.locale || null, at: Date.now() };
    } catch (error) {
      this.logger.warn('slack users.info failed; showing the user id', {
        userId,
        error: String(error),
      });
      entry = { name: null, locale: null, at: Date.now() };
    }
    if (this.cache.size > MAX_ENTRIES) this.cache.clear();
    this.cache.set(userId, entry);
    return entry;
  }
}
