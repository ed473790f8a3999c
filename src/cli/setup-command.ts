// Placeholder until the setup commands land; replaced by their owner.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('casebot setup: not implemented yet\n');
  return 1;
}
