// Generates the Prisma clients (one per provider) offline; part of `npm run build`, which the
// `prepare` lifecycle runs on `npm install`, so no one ever runs it by hand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const schemas = ['prisma/sqlite/schema.prisma', 'prisma/postgres/schema.prisma'].filter((path) =>
  existsSync(path),
);
for (const schema of schemas) {
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', schema], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}
