// Chat calls written down and read back: views carry dates (due instants), which plain JSON would
// turn into strings.
import superjson from 'superjson';

export const encodeCall = (value: unknown): string => superjson.stringify(value);

export const decodeCall = <T>(text: string): T => superjson.parse<T>(text);
