// A private PostgreSQL database per run (created here, migrated by the replicas themselves as
// they start, dropped at the end), free TCP ports for the replicas, and snapshots of a commit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** Creates `name` on the server of `adminUrl`; returns the URL of the new database. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // FORCE: a replica killed with SIGKILL may leave sessions the server has not reaped yet.
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A committed state of the app, checked out beside the working tree (git archive, the checkout's
 * node_modules linked, the Prisma clients generated inside it): measuring a commit is not
 * disturbed by files someone is editing, and nothing in the working tree is touched.
 */
export function snapshot(root: string, ref: string, into: string): { dir: string; commit: string } {
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short=12', `${ref}^{commit}`], {
    encoding: 'utf8',
  }).trim();
  const dir = join(into, `app-${commit}`);
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit], {
    maxBuffer: 1024 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (existsSync(join(dir, 'scripts/generate-prisma.mjs')))
    execFileSync(process.execPath, ['scripts/generate-prisma.mjs'], { cwd: dir, stdio: 'ignore' });
  return { dir, commit };
}
