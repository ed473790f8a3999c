// Loads a policy from a shipped preset (`elastic`, `premier`) or a team's own YAML file, and
// turns every mistake into one readable sentence: file, line, path in the file, and the fix.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Policy } from './policy.js';
import { crossCheck, policyFileSchema, toPolicy, type PolicyIssue } from './policy-schema.js';
import { CasebotError } from '../errors.js';

export class PolicyError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'POLICY_INVALID', message);
  }
}

/** `policies/` at the package root: the same relative place from src/core/sla and dist/core/sla. */
const PRESET_DIR = new URL('../../../policies/', import.meta.url);

export function presetPath(name: string): string {
  return fileURLToPath(new URL(`${name}.yml`, PRESET_DIR));
}

function isPresetName(nameOrPath: string): boolean {
  return /^[a-z0-9-]+$/.test(nameOrPath);
}

/** Loads `elastic`, `premier` or a YAML file path. Throws PolicyError with a fix-it message. */
export function loadPolicy(nameOrPath: string): Policy {
  const path = isPresetName(nameOrPath) ? presetPath(nameOrPath) : nameOrPath;
  if (!existsSync(path)) {
    throw new PolicyError(
      isPresetName(nameOrPath)
        ? `unknown policy "${nameOrPath}": use a preset (elastic, premier) or the path of a YAML policy file`
        : `policy file ${path} does not exist: check the path, or use a preset (elastic, premier)`,
    );
  }
  return parsePolicy(readFileSync(path, 'utf8'), path);
}

/** Parses policy YAML text; `source` names the file in error messages. */
export function parsePolicy(text: string, source: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const where = yamlError.linePos ? `, line ${yamlError.linePos[0].line}` : '';
    const reason = (yamlError.message.split('\n')[0] ?? '').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new PolicyError(
      `policy file ${source}${where}: not valid YAML (${reason}); fix the syntax`,
    );
  }
  const parsed = policyFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues.map(toPolicyIssue);
    throw new PolicyError(describeIssues(source, issues, doc, lineCounter));
  }
  const crossIssues = crossCheck(parsed.data);
  if (crossIssues.length > 0)
    throw new PolicyError(describeIssues(source, crossIssues, doc, lineCounter));
  return toPolicy(parsed.data, source);
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

interface ZodIssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  keys?: string[];
  errors?: ZodIssueLike[][];
}

function toPolicyIssue(issue: ZodIssueLike): PolicyIssue {
  const path = issue.path.map(pathKey);
  // A target is text or { cloud, self-managed }: report the branch's own reason, not "Invalid input".
  if (issue.code === 'invalid_union' && issue.errors) {
    const nested = issue.errors.flat();
    const best = nested.find((candidate) => candidate.code === 'custom') ?? nested[0];
    if (best) return { path: [...path, ...best.path.map(pathKey)], message: explain(best) };
  }
  // Point at the misspelt key itself, so the line number is the line to fix.
  if (issue.code === 'unrecognized_keys' && issue.keys?.length === 1)
    return { path: [...path, issue.keys[0] ?? ''], message: explain(issue) };
  return { path, message: explain(issue) };
}

function explain(issue: ZodIssueLike): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}: check its spelling or remove it`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return `is missing: add it (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

function describeIssues(
  source: string,
  issues: PolicyIssue[],
  doc: Document,
  lines: LineCounter,
): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const line = lineOf(doc, issue.path, lines);
    const where = [line ? `line ${line}` : '', issue.path.length > 0 ? formatPath(issue.path) : '']
      .filter(Boolean)
      .join(', ');
    return `${where ? `${where}: ` : ''}${issue.message}`;
  });
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return `policy file ${source} is invalid: ${shown.join('; ')}${more}`;
}

/** "tiers[2].firstResponse.1" */
function formatPath(path: (string | number)[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${key}`))
    .join('');
}

/** Line of the deepest node of `path` that exists in the YAML (numeric map keys match too). */
function lineOf(doc: Document, path: (string | number)[], lines: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of path) {
    const next = childOf(node, key);
    if (next === undefined) break;
    node = next;
    offset = rangeStart(node) ?? offset;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function childOf(node: unknown, key: string | number): unknown {
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => {
    const k: unknown = item.key;
    const value = k && typeof k === 'object' && 'value' in k ? (k as { value: unknown }).value : k;
    return value === key || String(value) === String(key);
  });
  return pair ? (pair.value ?? pair.key) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] }).range;
    return range?.[0];
  }
  return undefined;
}
