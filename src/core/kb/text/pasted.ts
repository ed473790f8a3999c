// Questions often carry pasted machine text: stack traces, log lines, code, command output. Their
// words are mostly incidental (paths, frame names, field names), so a question is cut into prose
// and pasted parts, and each part's words count with a weight of their own. Error codes and error
// messages keep their full weight wherever they are: they are what the question is about.

export type PartKind = 'prose' | 'environment' | 'message' | 'code' | 'trace';

export interface QuestionPart {
  kind: PartKind;
  text: string;
}

/**
 * How much a word of each kind of part says about what the question is about. A trace or log line
 * repeats the same field names and frames line after line (level, time, pid, hostname), and the
 * question's repetitions count up (index/query.ts): at 0.2 a pasted log of a few lines outweighed
 * the sentence saying what went wrong. Measured on the real corpora (bench/real/README.md): 0.1
 * with the code field at 0.75 lowered no held-back figure; 0.12 to 0.15 moved nothing.
 */
export const PART_WEIGHT: Record<PartKind, number> = {
  prose: 1,
  environment: 0.2,
  message: 1,
  code: 0.5,
  trace: 0.1,
};

const FENCE = /^\s*(```|~~~)/;
// "    at onConnectTimeout (/app/node_modules/undici/lib/core/connect.js:182:24)"
const STACK_FRAME = /^\s*at\s+(?:async\s+)?[\w$.<>[\]\s]*(?:\(|[\w./\\-]+:\d+)/;
const MACHINE_HINT = /node_modules[/\\]|node:internal|\w+\.(?:js|ts|mjs|cjs):\d+/;
// "TypeError: fetch failed", "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers", "code: 'ECONNRESET'"
const MESSAGE =
  /^\s*(?:\w+Error|Error|Exception|Warning|\w+Warning)\b[^:]{0,40}:|^\s*code:\s*['"]?[A-Z]/;
// Paths, URLs, line:column pairs, hex and UUIDs: never what a question is about.
const NOISE =
  /(?:[a-z][\w+.-]*:\/\/\S+)|(?:[A-Za-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]+(?::\d+)*|\b0x[0-9a-f]+\b|\b[0-9a-f]{8}-[0-9a-f-]{27}\b|\b\d{2,}(?::\d+)+\b/gi;

function symbolShare(line: string): number {
  const visible = line.replace(/\s/g, '');
  if (!visible) return 0;
  const symbols = visible.replace(/[\p{L}\p{N}]/gu, '').length;
  return symbols / visible.length;
}

function lineKind(line: string, inFence: boolean): PartKind {
  if (MESSAGE.test(line)) return 'message';
  if (STACK_FRAME.test(line) || MACHINE_HINT.test(line)) return 'trace';
  if (inFence) return 'code';
  const trimmed = line.trim();
  // JSON log lines, shell prompts, code statements and other symbol-heavy lines.
  if (/^[{[]/.test(trimmed) && /["']?\w+["']?\s*:/.test(trimmed)) return 'code';
  if (/^(?:\$|>|#!|npm |npx |node |curl |yarn |pnpm )/.test(trimmed)) return 'code';
  if (symbolShare(trimmed) > 0.25 && trimmed.length > 12) return 'code';
  return 'prose';
}

// "Fastify 4.22.0, node 18.12.0, macOS 13.3.1": the reporter's setup, asked for by issue templates.
const VERSION_NUMBER = /\bv?\d+\.\d+(?:\.\d+)?\b/g;
const PLATFORM =
  /\b(?:node(?:\.?js)?|npm|yarn|pnpm|macos|os ?x|windows|win(?:10|11)|linux|ubuntu|debian|alpine|centos|fedora|wsl|docker|chrome|firefox|safari)\b/gi;

/** A sentence that lists versions and platforms: the setup the question runs on, not its topic. */
function isEnvironment(sentence: string): boolean {
  const versions = sentence.match(VERSION_NUMBER)?.length ?? 0;
  const platforms = sentence.match(PLATFORM)?.length ?? 0;
  const words = sentence.split(/\s+/).filter(Boolean).length;
  return versions + platforms >= 3 && (versions + platforms) * 3 >= words;
}

/** Prose with its setup sentences set apart. */
function proseParts(text: string): QuestionPart[] {
  const sentences = text.split(/(?<=[.;!?])\s+|\n/);
  return sentences.map((sentence) => ({
    kind: isEnvironment(sentence) ? 'environment' : 'prose',
    text: sentence,
  }));
}

/** Cuts a question into runs of prose, messages, code and trace lines, with noise removed. */
export function splitQuestion(question: string): QuestionPart[] {
  const parts: QuestionPart[] = [];
  let inFence = false;
  for (const line of question.split(/\r?\n/)) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    const kind = lineKind(line, inFence);
    const pieces = kind === 'prose' ? proseParts(line) : [{ kind, text: line.replace(NOISE, ' ') }];
    for (const piece of pieces) {
      const last = parts[parts.length - 1];
      if (last && last.kind === piece.kind) last.text += `\n${piece.text}`;
      else parts.push(piece);
    }
  }
  return parts;
}
