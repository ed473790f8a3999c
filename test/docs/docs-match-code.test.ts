// The docs say what the code accepts: every setup snippet in README.md and docs/ goes through the
// real loader, each platform guide shows how orgs map to it, and the files the shipped policies
// point to exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSetup } from '../../src/config/setup-loader.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter(
  (path) => path.endsWith('.md'),
);
const SETUP_KEYS = /^(policy|channels|teams|orgs|people):/m;

/** Every ```yaml block of a Markdown file that declares setup-file keys. */
function setupSnippets(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .filter((yaml) => SETUP_KEYS.test(yaml));
}

describe('setup snippets in the docs', () => {
  const snippets = DOCS.flatMap((path) =>
    setupSnippets(path).map((yaml, index) => [`${path} #${index + 1}`, yaml] as const),
  );

  it('exist in each platform guide, mapping orgs to that platform', () => {
    for (const [guide, platform] of [
      ['docs/slack.md', /^\s+slack: \{ teams:/m],
      ['docs/discord.md', /^\s+discord: \{ guilds:/m],
    ] as const) {
      expect(
        setupSnippets(guide).some((yaml) => platform.test(yaml)),
        guide,
      ).toBe(true);
    }
  });

  it.each(snippets)('%s is accepted by the setup loader', (source, yaml) => {
    expect(() => parseSetup(yaml, source)).not.toThrow();
  });

  it('a list where a mapping is expected is named as such, with the syntax to use', () => {
    const yaml = `orgs:\n  - slug: acme\n    name: Acme\n    tier: gold\n    timeZone: Europe/Paris\n    discord: ['1100000000000000030']\n`;
    expect(() => parseSetup(yaml, 'casebot.yml')).toThrow(
      /line 6, orgs\[0\]\.discord: "discord" is a list, not a mapping: write discord: \{ guilds: \[/,
    );
    expect(() => parseSetup(yaml, 'casebot.yml')).not.toThrow(/is missing/);
  });
});

describe('files the shipped policies point to', () => {
  it.each(readdirSync(join(ROOT, 'policies')))(
    'policies/%s names only files that exist',
    (name) => {
      const text = readFileSync(join(ROOT, 'policies', name), 'utf8');
      for (const [file] of text.matchAll(/[\w./-]+\.(?:md|yml)\b/g))
        expect(existsSync(join(ROOT, file)), `${name} refers to ${file}`).toBe(true);
    },
  );
});
