// Chat calls written down and read back: views carry dates (due instants), which plain JSON would
// turn into strings.
import superjson from 'superjson';

export const encodeCall = (value: unknown): string => superjson.stringify(value);

export const decodeCall = <T>(text: string): T => superjson.parse<T>(text);

/**
 * A journal row's request: the call's arguments, and whether an update was folded into them after
 * the row was written (`amended`): a try made before may have landed showing the earlier content,
 * one of `tried` (the views the row held before, so that a platform read back by content can
 * still recognise the post). A row never amended is its plain argument list, as rows written
 * before the flag existed.
 */
interface WrittenRequest {
  args: unknown[];
  amended: boolean;
  tried?: unknown[];
}

export const encodeRequest = (args: unknown[], amended = false, tried: unknown[] = []): string =>
  encodeCall(amended ? { args, amended, ...(tried.length ? { tried } : {}) } : args);

export function decodeRequest(text: string): WrittenRequest {
  const value = decodeCall<unknown[] | WrittenRequest>(text);
  return Array.isArray(value) ? { args: value, amended: false } : value;
}
