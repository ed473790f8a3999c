// `npm start`: runs the built bot, dist/main.js. A checkout that was not built (npm install builds
// it; a clone installed with --ignore-scripts, or a removed dist/, does not) is told what to run
// instead of dying with MODULE_NOT_FOUND.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
const build = 'run `npm run build` (npm install runs it too), then npm start';

function fail(message) {
  process.stderr.write(`casebot: ${message}\n`);
  process.exit(1);
}

if (!existsSync(fileURLToPath(main))) fail(`not built yet (no dist/main.js): ${build}`);
try {
  await import(main.href);
} catch (error) {
  const code = error?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
  const missing = String(error.message).split('\n')[0];
  if (/Cannot find package/.test(missing))
    fail(`a dependency is not installed (${missing}): run \`npm install\`, then npm start`);
  fail(`the build is incomplete (${missing}): ${build}`);
}
