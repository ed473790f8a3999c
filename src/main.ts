// Entry point of `npm start`: load config, build the app, start the adapters. Filled in by the
// conversation-core work; for now it answers knowledge-base questions.
async function main(): Promise<void> {
  process.stdout.write('casebot: starting\n');
}

void main();
