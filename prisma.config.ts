// Prisma CLI configuration for a machine with no route to Prisma's binary host: the JavaScript
// schema engine talks to the database through a driver adapter (see prisma/README.md).
// DATABASE_URL=postgresql://… selects the PostgreSQL schema; anything else (or nothing) SQLite.
// The bot itself does not use this file: src/store/open-store.ts opens the database and applies
// migrations on start.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./data/casebot.db';
const isPostgres = /^postgres(ql)?:\/\//.test(url);
if (!process.env.DATABASE_URL) process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: isPostgres ? 'prisma/postgres/schema.prisma' : 'prisma/sqlite/schema.prisma',
  migrations: { path: isPostgres ? 'prisma/postgres/migrations' : 'prisma/sqlite/migrations' },
  async adapter() {
    return isPostgres
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url: url.replace(/^file:/, '') });
  },
});
