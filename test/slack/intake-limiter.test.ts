// The bounded Slack intake (issue 15): at most `concurrency` events are handled at once, the
// others wait their turn in order, and past the queue's bound an event that is written down is
// shed (left for the delivery worker) with one log line, while one that is not is never shed.
import { describe, expect, it } from 'vitest';
import { IntakeLimiter } from '../../src/adapters/slack/intake-limiter.js';
import { parseSlackEnv } from '../../src/adapters/slack/slack-config.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('IntakeLimiter', () => {
  it('runs at most `concurrency` at once, in arrival order, and sheds past the queue', async () => {
    const logger = createMemoryLogger();
    const limiter = new IntakeLimiter(logger, { concurrency: 2, queue: 1, gatherMs: 0 });
    const started: number[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    const work = (i: number) => async () => {
      started.push(i);
      await gates[i]!.opened;
    };
    const runs = [0, 1, 2].map((i) => limiter.run(work(i)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(limiter.figures).toEqual({ running: 2, waiting: 1 });
    // The queue is full: a written-down event is shed, one that is not waits anyway.
    expect(await limiter.run(work(3))).toBe(false);
    const unsheddable = limiter.run(work(3), {}, false);
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
    gates[0]!.open();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.open();
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all([...runs, unsheddable])).toEqual([true, true, true, true]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(limiter.figures).toEqual({ running: 0, waiting: 0 });
  });

  // More at once made PostgreSQL's acks late under load (bench:slack; intake-limiter.ts).
  it('handles 8 events at once unless configured', async () => {
    const limiter = new IntakeLimiter(createMemoryLogger());
    const held = gate();
    const runs = Array.from({ length: 10 }, () => limiter.run(() => held.opened));
    await expect.poll(() => limiter.figures).toEqual({ running: 8, waiting: 2 });
    held.open();
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 10 }, () => true));
  });

  // A trickle of questions costs less CPU in small groups than one wake-up each (GATHER_NOTE).
  it('starts the events of a quiet spell together after a short window, busy ones at once', async () => {
    const limiter = new IntakeLimiter(createMemoryLogger(), { gatherMs: 60 });
    const started: { i: number; at: number }[] = [];
    const held = gate();
    const begin = performance.now();
    const work = (i: number) => async () => {
      started.push({ i, at: performance.now() - begin });
      await held.opened;
    };
    const first = limiter.run(work(0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = limiter.run(work(1));
    expect(started).toEqual([]);
    await expect.poll(() => started.length).toBe(2);
    expect(started.map((s) => s.i)).toEqual([0, 1]);
    // Both started when the first one's window closed, not before it and not apart.
    expect(started[0]!.at).toBeGreaterThanOrEqual(55);
    expect(started[1]!.at - started[0]!.at).toBeLessThan(5);
    // With events in hand there is nothing to wait for: the next one starts straight away.
    const arrived = performance.now();
    const third = limiter.run(work(2));
    await expect.poll(() => started.length).toBe(3);
    expect(started[2]!.at - (arrived - begin)).toBeLessThan(20);
    held.open();
    expect(await Promise.all([first, second, third])).toEqual([true, true, true]);
  });

  it('is configured by SLACK_INTAKE_CONCURRENCY, SLACK_INTAKE_QUEUE and SLACK_INTAKE_GATHER_MS', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(parseSlackEnv(base).intake).toBeUndefined();
    expect(
      parseSlackEnv({ ...base, SLACK_INTAKE_CONCURRENCY: '8', SLACK_INTAKE_QUEUE: '0' }).intake,
    ).toEqual({ concurrency: 8, queue: 0 });
    expect(parseSlackEnv({ ...base, SLACK_INTAKE_GATHER_MS: '0' }).intake).toEqual({
      gatherMs: 0,
    });
    expect(() => parseSlackEnv({ ...base, SLACK_INTAKE_GATHER_MS: 'soon' })).toThrow(
      /SLACK_INTAKE_GATHER_MS must be a whole number of at least 0/,
    );
    expect(() => parseSlackEnv({ ...base, SLACK_INTAKE_CONCURRENCY: '0' })).toThrow(
      /SLACK_INTAKE_CONCURRENCY must be a whole number of at least 1/,
    );
  });
});
