// Runs `casebot report …` as a user would (a separate process through tsx), on a given database.
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO = new URL('../../', import.meta.url).pathname;
const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const MAIN = path.join(REPO, 'src/cli/main.ts');

export interface ReportRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function casebotReport(databaseUrl: string | null, args: string[]): Promise<ReportRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (databaseUrl === null) delete env.DATABASE_URL;
    else env.DATABASE_URL = databaseUrl;
    const child = spawn(process.execPath, [TSX, MAIN, 'report', ...args], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
