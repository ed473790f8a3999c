// Policy variants for tests, made from the shipped presets so that they follow them.
import { readFileSync } from 'node:fs';
import { parsePolicy, presetPath, type Policy } from '../../src/core/sla/index.js';

/** The shipped Elastic policy with `severityChange: carry-over` instead of its `restart`. */
export function carryOverPolicy(): Policy {
  const text = readFileSync(presetPath('elastic'), 'utf8');
  const changed = text.replace(/^severityChange: restart$/m, 'severityChange: carry-over');
  if (changed === text)
    throw new Error('policies/elastic.yml no longer says severityChange: restart');
  return parsePolicy(changed, 'elastic-carry-over.yml');
}
