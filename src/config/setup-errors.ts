// Setup errors that name the file, the line and the fix. Lines come from the YAML document's
// node ranges, so the number is the line to edit.
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { CasebotError } from '../core/errors.js';

export interface SetupIssue {
  path: (string | number)[];
  message: string;
  line?: number;
}

export class SetupError extends CasebotError {
  constructor(
    readonly file: string,
    readonly issues: SetupIssue[],
  ) {
    super('configuration', 'SETUP_INVALID', formatIssues(file, issues));
  }
}

export function formatIssues(file: string, issues: SetupIssue[]): string {
  const lines = issues.map((issue) => {
    const where = [
      issue.line ? `line ${issue.line}` : null,
      issue.path.length > 0 ? formatPath(issue.path) : null,
    ]
      .filter(Boolean)
      .join(', ');
    return `  ${file}${where ? `, ${where}` : ''}: ${issue.message}`;
  });
  return `setup file ${file} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

/** "orgs[2].calendar.start" */
export function formatPath(path: (string | number)[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${key}`))
    .join('');
}

/** Line of the deepest node of `path` present in the document (the key's line for map entries). */
export function lineOf(
  doc: Document,
  lines: LineCounter,
  path: (string | number)[],
): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const key of path) {
    const child = childOf(node, key);
    if (!child) break;
    node = child.value;
    offset = child.keyOffset ?? rangeStart(node) ?? offset;
    // For a value, prefer the value's own line (multi-line maps start on the next line).
    offset =
      rangeStart(node) !== undefined && !isMap(node) && !isSeq(node) ? rangeStart(node) : offset;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function childOf(
  node: unknown,
  key: string | number,
): { value: unknown; keyOffset?: number } | undefined {
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { value: item };
  }
  if (isMap(node)) {
    const pair = node.items.find(
      (candidate) => isScalar(candidate.key) && String(candidate.key.value) === String(key),
    );
    if (!pair) return undefined;
    const keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return { value: pair.value ?? pair.key, keyOffset };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
