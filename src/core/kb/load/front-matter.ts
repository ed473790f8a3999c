// Front matter: gray-matter to read it, zod to check it. Each failure names the line it is on.
import matter from 'gray-matter';
import { z } from 'zod';
import type { Audience, KbProblemKind } from '../types.js';

// Docusaurus writes a tag as an object (`{ label: Setup, permalink: /setup }`): its label is the tag.
const listItem = z.union([
  z.string(),
  z.number(),
  z.object({ label: z.union([z.string(), z.number()]) }).loose(),
]);

const stringList = z
  .union([z.string(), z.array(listItem)])
  .transform((value) =>
    (typeof value === 'string'
      ? value.split(',')
      : value.map((item) => String(typeof item === 'object' ? item.label : item))
    )
      .map((item) => item.trim())
      .filter(Boolean),
  );

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

export const frontMatterSchema = z
  .object({
    id: z
      .string()
      .regex(/^[\w./-]+$/, 'letters, digits, "-", "_", "." and "/" only')
      .optional(),
    title: text.optional(),
    description: text.optional(),
    summary: text.optional(),
    tags: stringList.optional(),
    aliases: stringList.optional(),
    /** A docs site's search keywords (Docusaurus): other ways of naming the page, as aliases. */
    // Another tool's field: a value of another shape is ignored, never the file's problem.
    keywords: stringList.optional().catch(undefined),
    product: text.optional(),
    component: text.optional(),
    lang: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]{2})?$/i, 'an ISO 639-1 code such as "en" or "fr"')
      .optional(),
    audience: z.enum(['public', 'internal']).optional(),
    updated: z
      .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date such as 2026-01-31')])
      .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
      .optional(),
  })
  .loose();

export interface FrontMatter {
  id: string | undefined;
  title: string | undefined;
  description: string | null;
  tags: string[];
  aliases: string[];
  product: string | null;
  component: string | null;
  lang: string;
  audience: Audience;
  updated: string | null;
  extra: Record<string, unknown>;
}

export interface ParsedFile {
  frontMatter: FrontMatter;
  body: string;
  /** Number of lines before the body (front matter block), to report body lines in the file. */
  bodyLineOffset: number;
}

export class FileProblem extends Error {
  constructor(
    readonly kind: KbProblemKind,
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const KNOWN = new Set(Object.keys(frontMatterSchema.shape));

function lineOfKey(raw: string, key: string): number {
  const lines = raw.split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}

function frontMatterEndLine(raw: string): number {
  const lines = raw.split('\n');
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  return end >= 0 ? end + 1 : lines.length;
}

/** gray-matter evaluates `---js` / `---coffee` front matter as code: a KB file must never run. */
const NO_CODE_ENGINES = Object.fromEntries(
  ['js', 'javascript', 'coffee', 'coffeescript', 'cson'].map((language) => [
    language,
    () => {
      throw new FileProblem(
        'yaml',
        1,
        `front matter in "${language}" is not allowed (it would run code): write YAML between --- lines`,
      );
    },
  ]),
);

function readYaml(raw: string): { data: unknown; content: string } {
  try {
    // An options object also turns off gray-matter's cache, which would share parsed objects.
    const parsed = matter(raw, { engines: NO_CODE_ENGINES });
    return { data: parsed.data, content: parsed.content };
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // js-yaml counts from 0 over text that starts right after the opening `---` (file line 1).
    const line = Math.min((mark?.line ?? 0) + 1, frontMatterEndLine(raw));
    throw new FileProblem('yaml', line, `broken YAML front matter: ${reason}`);
  }
}

function withoutNulls(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

export function parseFrontMatter(raw: string): ParsedFile {
  const { data, content } = readYaml(raw);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FileProblem('yaml', 2, 'front matter must be a mapping of fields (key: value)');
  }
  const result = frontMatterSchema.safeParse(withoutNulls(data as Record<string, unknown>));
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    throw new FileProblem(
      'invalid-field',
      lineOfKey(raw, key),
      `front matter field "${key}": ${issue?.message ?? 'invalid value'}`,
    );
  }
  const fm = result.data;
  const extra = Object.fromEntries(Object.entries(fm).filter(([key]) => !KNOWN.has(key)));
  const prefix = raw.endsWith(content) ? raw.slice(0, raw.length - content.length) : '';
  return {
    frontMatter: {
      id: fm.id,
      title: fm.title || undefined,
      description: fm.description || fm.summary || null,
      tags: fm.tags ?? [],
      aliases: [...(fm.aliases ?? []), ...(fm.keywords ?? [])],
      product: fm.product || null,
      component: fm.component || null,
      lang: fm.lang?.toLowerCase().slice(0, 2) ?? 'en',
      // A draft (`draft: true`, e.g. written from a solved case) is never shown to customers,
      // whatever its audience says: publishing it means removing that line.
      audience: extra.draft === true ? 'internal' : (fm.audience ?? 'public'),
      updated: fm.updated ?? null,
      extra,
    },
    body: content,
    bodyLineOffset: prefix.split('\n').length - 1,
  };
}
