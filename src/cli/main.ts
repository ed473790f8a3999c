#!/usr/bin/env node
// `casebot <group> <command> …`: each group's module is imported only when used, so that
// `casebot sla due` never pays for loading the knowledge base or a platform SDK.
import { ignoreClosedPipe } from '../app/closed-pipe.js';

type CommandGroup = { run(args: string[]): Promise<number> };

const groups: Record<string, { summary: string; load: () => Promise<CommandGroup> }> = {
  kb: {
    summary: 'search, check and describe the knowledge base',
    load: () => import('./kb-command.js'),
  },
  sla: { summary: 'compute response targets', load: () => import('./sla-command.js') },
  setup: { summary: 'validate the setup file', load: () => import('./setup-command.js') },
  report: {
    summary: 'support figures: deflection, SLA attainment, backlog, load, knowledge gaps',
    load: () => import('./report-command.js'),
  },
  'dashboard-link': {
    summary: 'print a signed, expiring link to the web dashboard (staff)',
    load: () => import('./dashboard-link-command.js'),
  },
  discord: {
    summary: 'register Discord application commands',
    load: () => import('./discord-command.js'),
  },
};

function usage(): string {
  const lines = Object.entries(groups).map(
    ([name, group]) => `  casebot ${name.padEnd(14)} ${group.summary}`,
  );
  return [
    'usage: casebot <group> <command> [options]',
    '',
    ...lines,
    '',
    'Run with no arguments via `npm start` to start the bot.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [groupName, ...rest] = argv;
  if (!groupName || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    process.stdout.write(usage() + '\n');
    return groupName ? 0 : 2;
  }
  const group = groups[groupName];
  if (!group) {
    process.stderr.write(`casebot: unknown command group "${groupName}"\n${usage()}\n`);
    return 2;
  }
  return (await group.load()).run(rest);
}

ignoreClosedPipe(process.stdout);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`casebot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
