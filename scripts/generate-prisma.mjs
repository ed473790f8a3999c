// Generates the Prisma clients (one per provider, into src/store/generated/<provider>) offline;
// part of `npm run build`, which the `prepare` lifecycle runs on `npm install`, so no one ever
// runs it by hand. Each schema is generated with DATABASE_URL pointing at its own provider so that
// prisma.config.ts picks the matching adapter.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const targets = [
  { schema: 'prisma/sqlite/schema.prisma', url: 'file:./data/casebot.db' },
  { schema: 'prisma/postgres/schema.prisma', url: 'postgresql://localhost:5432/casebot' },
].filter((target) => existsSync(target.schema));

for (const { schema, url } of targets) {
  execFileSync(
    process.execPath,
    ['node_modules/prisma/build/index.js', 'generate', '--schema', schema],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    },
  );
}
