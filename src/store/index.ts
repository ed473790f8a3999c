// The storage layer's public surface: app/ and the CLI import from here only.
export { openStore, migrate, type Store, type StoreOptions } from './open-store.js';
export { parseDatabaseUrl, DEFAULT_SQLITE_URL, type DatabaseTarget } from './database-url.js';
export type { MigrationReport } from './migrate.js';
