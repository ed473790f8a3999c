// Watch mode: chokidar reports changed Markdown files; after a short quiet period only those files
// are re-read and re-indexed.
import { watch } from 'chokidar';
import path from 'node:path';
import type { Logger } from '../ports/platform.js';
import { isMarkdownFile } from './load/markdown.js';

const QUIET_MS = 150;

/** Starts watching; resolves once the initial scan is done, so no later change is missed. */
export async function watchKb(
  root: string,
  onChange: (rels: string[]) => Promise<unknown>,
  logger: Logger,
): Promise<() => Promise<void>> {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const watcher = watch(root, {
    ignoreInitial: true,
    // Hidden folders are not knowledge; the cache may live inside the KB folder.
    ignored: (file: string) =>
      path
        .relative(root, file)
        .split(path.sep)
        .some((part) => part.startsWith('.')),
  });
  const flush = (): void => {
    timer = null;
    const rels = [...pending];
    pending.clear();
    running = running
      .then(() => onChange(rels))
      .catch((error: unknown) =>
        logger.error('kb: re-index failed', { error: (error as Error).message }),
      );
  };
  const note = (file: string): void => {
    if (!isMarkdownFile(file)) return;
    pending.add(path.relative(root, file).split(path.sep).join('/'));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, QUIET_MS);
  };
  watcher.on('add', note).on('change', note).on('unlink', note);
  watcher.on('error', (error: unknown) => logger.warn('kb: watch error', { error: String(error) }));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return async () => {
    if (timer) clearTimeout(timer);
    await watcher.close();
    await running;
  };
}
