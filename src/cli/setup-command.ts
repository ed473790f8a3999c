// `casebot setup check [--config FILE]`: validates the setup file (and the policy it names)
// without starting the bot. Exit 0 when valid, 1 with every problem listed otherwise.
import { DEFAULT_SETUP_FILE, loadSetup } from '../config/setup-loader.js';
import { SetupError } from '../config/setup-errors.js';

const USAGE = [
  'usage: casebot setup check [--config FILE]   (default: $CASEBOT_CONFIG or ./casebot.yml)',
  "Tiers are checked against $SLA_POLICY when it is set (it wins over the file's policy:), as at start.",
].join('\n');

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'check') {
    process.stderr.write(
      `${command ? `casebot setup: unknown command "${command}"\n` : ''}${USAGE}\n`,
    );
    return 2;
  }
  let file = process.env.CASEBOT_CONFIG || DEFAULT_SETUP_FILE;
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index];
    if (arg === '--config' && rest[index + 1]) file = rest[++index]!;
    else if (arg?.startsWith('--config=')) file = arg.slice('--config='.length);
    else {
      process.stderr.write(`casebot setup check: unexpected argument "${arg}"\n${USAGE}\n`);
      return 2;
    }
  }
  const policyOverride = process.env.SLA_POLICY || undefined;
  try {
    const setup = loadSetup(file, policyOverride ? { policyOverride } : {});
    const policy = policyOverride
      ? `${policyOverride} (SLA_POLICY)`
      : (setup.policy ?? 'elastic (default)');
    const engineers = setup.people.filter((person) => person.roles.includes('engineer')).length;
    process.stdout.write(
      `${file} is valid: ${setup.teams.length} teams, ${setup.orgs.length} orgs, ${setup.people.length} people ` +
        `(${engineers} engineers), policy ${policy}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SetupError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
