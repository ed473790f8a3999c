// The delivery's scopes share one AsyncLocalStorage (context-slot.ts): each slot must still behave
// as an instance of its own, across awaits and timers, nested and side by side.
import { describe, expect, it } from 'vitest';
import { contextSlot } from '../../src/core/delivery/context-slot.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('context slots', () => {
  it('keep the other slots as they were while one runs, and restore it after', async () => {
    const work = contextSlot<string>('work');
    const message = contextSlot<string>('message');
    const seen: Array<[string | undefined, string | undefined]> = [];
    await work.run('w1', async () => {
      await message.run('m1', async () => {
        await tick();
        seen.push([work.get(), message.get()]);
        await work.run('w2', async () => {
          await tick();
          seen.push([work.get(), message.get()]);
        });
        seen.push([work.get(), message.get()]);
      });
      seen.push([work.get(), message.get()]);
    });
    seen.push([work.get(), message.get()]);
    expect(seen).toEqual([
      ['w1', 'm1'],
      ['w2', 'm1'],
      ['w1', 'm1'],
      ['w1', undefined],
      [undefined, undefined],
    ]);
  });

  it('give concurrent runs their own values', async () => {
    const slot = contextSlot<number>('n');
    const read = await Promise.all(
      [1, 2, 3].map((n) =>
        slot.run(n, async () => {
          await tick();
          return slot.get();
        }),
      ),
    );
    expect(read).toEqual([1, 2, 3]);
  });

  it('are apart for two slots of the same name', () => {
    const a = contextSlot<string>('same');
    const b = contextSlot<string>('same');
    expect(a.run('a', () => b.get())).toBeUndefined();
  });
});
