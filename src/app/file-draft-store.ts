// The file-system side of the core's DraftStore port: a draft becomes `<stem>.md` in the drafts
// folder, or `<stem>-2.md`, `<stem>-3.md`… when the name is taken, so nothing is ever overwritten.
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { DraftsFolderError, type DraftStore } from '../core/knowledge-loop/draft-article.js';

/** Names tried before giving up: `name.md`, `name-2.md`, … */
const MAX_SUFFIX = 100;

export const fileDraftStore: DraftStore = {
  async write(folder, fileStem, markdown) {
    const root = path.resolve(folder);
    const unwritable = (error: unknown): DraftsFolderError =>
      new DraftsFolderError({
        key: 'knowledgeLoop.folderUnwritable',
        values: {
          folder: root,
          reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
        },
      });
    try {
      await mkdir(root, { recursive: true });
    } catch (error) {
      throw unwritable(error);
    }
    for (let n = 1; n <= MAX_SUFFIX; n += 1) {
      const file = path.join(root, `${fileStem}${n > 1 ? `-${n}` : ''}.md`);
      // The stem is a slug already; this guards the port against any other caller.
      if (path.dirname(file) !== root)
        throw new Error(`draft name escapes its folder: ${fileStem}`);
      try {
        // 'wx': create only; an existing file (a draft, or an article) is never overwritten.
        const handle = await open(file, 'wx');
        try {
          await handle.writeFile(markdown, 'utf8');
        } finally {
          await handle.close();
        }
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw unwritable(error);
      }
    }
    throw new DraftsFolderError({
      key: 'knowledgeLoop.folderFull',
      values: { folder: root, max: String(MAX_SUFFIX), name: fileStem },
    });
  },
};
