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
  it('takes the pool size from connection_limit (Prisma’s parameter), not passed to the server', () => {
    expect(parseDatabaseUrl('postgresql://db/casebot?connection_limit=30')).toEqual({
      provider: 'postgresql',
      url: 'postgresql://db/casebot?connection_limit=30',
      connectionString: 'postgresql://db/casebot',
      schema: 'public',
      poolSize: 30,
    });
    expect(() => parseDatabaseUrl('postgresql://db/casebot?connection_limit=0')).toThrow(
      /connection_limit must be a whole number/,
    );
  });
  it('refuses other databases and in-memory SQLite with the fix', () => {
    expect(() => parseDatabaseUrl('mysql://db/casebot')).toThrow(
      /neither a SQLite file .* nor a PostgreSQL URL/,
    );
    expect(() => parseDatabaseUrl('file::memory:')).toThrow(/use file:\.\/data\/casebot\.db/);
  });
});
