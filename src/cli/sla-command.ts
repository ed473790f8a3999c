// Placeholder until the sla commands land; replaced by their owner.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('casebot sla: not implemented yet\n');
  return 1;
}
