// Discord ids are snowflakes: discord.js parses them as BigInt, so fakes must mint real-looking ones.
const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh, monotonically increasing snowflake (timestamp << 22 | counter). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | increment).toString();
}
