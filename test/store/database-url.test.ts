// DATABASE_URL → provider: SQLite file by default, PostgreSQL by URL, clear errors otherwise.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/store/index.js';

describe('parseDatabaseUrl', () => {
  it('defaults to ./data/casebot.db (SQLite)', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({
      provider: 'sqlite',
      url: 'file:./data/casebot.db',
      file: resolve('data/casebot.db'),
    });
    expect(parseDatabaseUrl('  ')).toMatchObject({
      provider: 'sqlite',
      file: resolve('data/casebot.db'),
    });
  });
  it('takes file: URLs and plain paths', () => {
    expect(parseDatabaseUrl('file:/var/lib/casebot/db.sqlite')).toMatchObject({
      provider: 'sqlite',
      file: '/var/lib/casebot/db.sqlite',
    });
    expect(parseDatabaseUrl('tmp/x.db')).toMatchObject({
      provider: 'sqlite',
      file: resolve('tmp/x.db'),
    });
  });
  it('selects PostgreSQL by URL, with an optional schema parameter', () => {
    expect(
      parseDatabaseUrl('postgresql://bot:pw@db:5432/casebot?schema=support&sslmode=require'),
    ).toEqual({
      provider: 'postgresql',
      url: 'postgresql://bot:pw@db:5432/casebot?schema=support&sslmode=require',
      connectionString: 'postgresql://bot:pw@db:5432/casebot?sslmode=require',
      schema: 'support',
    });
    expect(parseDatabaseUrl('postgres://db/casebot')).toMatchObject({
      provider: 'postgresql',
      schema: 'public',
    });
  });
  it('refuses other databases and in-memory SQLite with the fix', () => {
    expect(() => parseDatabaseUrl('mysql://db/casebot')).toThrow(
      /neither a SQLite file .* nor a PostgreSQL URL/,
    );
    expect(() => parseDatabaseUrl('file::memory:')).toThrow(/use file:\.\/data\/casebot\.db/);
  });
});
