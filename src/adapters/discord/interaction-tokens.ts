// Interaction tokens the adapter may still use: a whisper to someone who just clicked goes out
// as an ephemeral follow-up (a webhook on that token, valid 15 minutes), otherwise as a DM.
const TOKEN_LIFETIME_MS = 14 * 60 * 1000; // a minute short of Discord's 15, to be safe.

interface Remembered {
  token: string;
  channelId: string;
  at: number;
}

export class InteractionTokens {
  private readonly byUser = new Map<string, Remembered>();

  constructor(private readonly now: () => number = Date.now) {}

  remember(userId: string, token: string, channelId: string): void {
    this.byUser.set(userId, { token, channelId, at: this.now() });
  }

  /** The user's latest live token in that channel (or thread), if any. */
  find(userId: string, channelIds: string[]): string | null {
    const entry = this.byUser.get(userId);
    if (!entry || this.now() - entry.at > TOKEN_LIFETIME_MS) return null;
    return channelIds.includes(entry.channelId) ? entry.token : null;
  }
}
