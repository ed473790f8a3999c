// Display names for actors. Events carry only user ids (sometimes a user_profile), and the core
// shows who said what (relays, "Sam is on it"), so names come from users.info, cached for an hour.
// A failed lookup falls back to the payload's name or the id: a name never blocks a flow.
import type { Logger } from '../../core/ports.js';
import type { SlackApi } from './slack-api.js';

interface UserInfo {
  user?: {
    name?: string;
    real_name?: string;
    profile?: { display_name?: string; real_name?: string };
  };
}

export class UserNames {
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly api: SlackApi,
    private readonly logger: Logger,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  async nameOf(userId: string, hint?: string | null): Promise<string> {
    if (hint) return hint;
    const cached = this.cache.get(userId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.name;
    try {
      const { user } = (await this.api.call('users.info', { user: userId }, 2)) as UserInfo;
      const name =
        user?.profile?.display_name ||
        user?.profile?.real_name ||
        user?.real_name ||
        user?.name ||
        userId;
      if (this.cache.size > 5_000) this.cache.clear();
      this.cache.set(userId, { name, at: Date.now() });
      return name;
    } catch (error) {
      this.logger.warn('slack users.info failed; showing the user id', {
        userId,
        error: String(error),
      });
      return userId;
    }
  }
}
