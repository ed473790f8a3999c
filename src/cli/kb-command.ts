// Placeholder until the kb commands land; replaced by their owner.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('casebot kb: not implemented yet\n');
  return 1;
}
