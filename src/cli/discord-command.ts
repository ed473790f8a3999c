// Placeholder until the discord commands land; replaced by their owner.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('casebot discord: not implemented yet\n');
  return 1;
}
