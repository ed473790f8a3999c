// The delivery's scopes (the running work, the message being sent, the work's failure report) share
// one AsyncLocalStorage (issue 15: a question's CPU). On Node 20 every instance in use adds its own
// step to every promise the process creates, Bolt's and the HTTP client's included: three instances
// cost about 0.13 µs a promise more than one (a chain of 600 awaits: 95-147 µs with one, 189-222
// with three). Each slot keeps its own value, as a separate instance would: running one slot copies
// the others' values from the scope around it.
import { AsyncLocalStorage } from 'node:async_hooks';

type Slots = Readonly<Record<symbol, unknown>>;

const storage = new AsyncLocalStorage<Slots>();

export interface ContextSlot<T> {
  /** Runs `work` with this slot holding `value` (the other slots unchanged). */
  run<R>(value: T, work: () => R): R;
  /** The slot's value in the running scope, if any. */
  get(): T | undefined;
}

export function contextSlot<T>(name: string): ContextSlot<T> {
  const id = Symbol(name);
  return {
    run: (value, work) => storage.run({ ...storage.getStore(), [id]: value }, work),
    get: () => storage.getStore()?.[id] as T | undefined,
  };
}
