// Orama (BM25, typo tolerance) over the same articles, as a second well-known engine.
import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import type { MiniDoc } from './minisearch.js';

const SCHEMA = {
  title: 'string',
  aliases: 'string',
  tags: 'string',
  description: 'string',
  headings: 'string',
  body: 'string',
} as const;

export async function buildOrama(docs: MiniDoc[]): Promise<AnyOrama> {
  const db = create({ schema: SCHEMA });
  await insertMultiple(
    db,
    docs.map((d) => ({ ...d, docId: d.id })),
  );
  return db;
}

export async function searchOrama(db: AnyOrama, question: string, limit = 10): Promise<string[]> {
  const found = await search(db, {
    term: question.slice(0, 2000),
    limit,
    tolerance: 1,
    boost: { title: 3, description: 2 },
  });
  return found.hits.map((hit) => String(hit.id));
}
