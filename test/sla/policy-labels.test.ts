// Severity and tier names per language (issue 14): `labels: { fr: … }` beside a level's or tier's
// label, read through one function that falls back to the policy's own name, and refused for a
// language casebot has no catalogue for.
import { describe, expect, it } from 'vitest';
import {
  allowedSeverities,
  checkSeverityAllowed,
  descriptionIn,
  labelIn,
  loadPolicy,
  parsePolicy,
  PolicyError,
  severityName,
  tierLabel,
} from '../../src/core/sla/index.js';

const policyWith = (severityLabels: string, tierLabels: string) => `name: mine
title: My team's policy
severities:
  - value: 1
    id: urgent
    label: Urgent
    description: Down.
  - value: 2
    id: normal
    label: Normal${severityLabels}
    description: Anything else.
tiers:
  - id: gold
    label: Gold${tierLabels}
    severities: [1, 2]
    firstResponse:
      1: 2 hours 24/7
`;

describe('policy labels', () => {
  it('the shipped presets name every level in French, the Premier preset included', () => {
    const elastic = loadPolicy('elastic');
    expect(elastic.severities.map((level) => severityName(elastic, level.value, 'fr'))).toEqual([
      'Urgent (1)',
      'Élevé (2)',
      'Normal (3)',
      'Support technique développeurs (4)',
    ]);
    expect(severityName(elastic, 2)).toBe('High (2)');
    expect(tierLabel(elastic, 'gold', 'fr')).toBe('Gold');
    const premier = loadPolicy('premier');
    expect(premier.severities.map((level) => labelIn(level, 'fr'))).toEqual([
      'Hautement critique',
      'Critique',
      'Important',
      'Mineur',
      'Proactif',
    ]);
    expect(premier.severities.map((level) => labelIn(level, 'en'))).toEqual([
      'Highly critical',
      'Critical',
      'Important',
      'Minor',
      'Proactive',
    ]);
    for (const policy of [elastic, premier])
      for (const level of policy.severities) {
        expect(level.labels?.fr, `${policy.name} ${level.id}`).toBeTruthy();
        expect(descriptionIn(level, 'fr')).not.toBe(level.description);
      }
    for (const policy of [elastic, premier])
      for (const tier of policy.tiers) expect(tier.labels?.fr, tier.id).toBeTruthy();
  });

  it('a level or tier without a French label falls back to the policy’s own name', () => {
    const policy = parsePolicy(policyWith('\n    labels: { fr: Normale }', ''), 'mine.yml');
    expect(severityName(policy, 2, 'fr')).toBe('Normale (2)');
    expect(severityName(policy, 1, 'fr')).toBe('Urgent (1)');
    expect(tierLabel(policy, 'gold', 'fr')).toBe('Gold');
    expect(allowedSeverities(policy, 'gold', 'fr').map((level) => level.label)).toEqual([
      'Urgent',
      'Normale',
    ]);
    // A language the policy never mentions reads the policy's own names.
    expect(severityName(policy, 2, 'de')).toBe('Normal (2)');
  });

  it('refuses a label for a language without a catalogue, naming the line and the fix', () => {
    const text = policyWith('\n    labels: { fr: Normale, xx: Normalo }', '');
    expect(() => parsePolicy(text, 'mine.yml')).toThrow(PolicyError);
    expect(() => parsePolicy(text, 'mine.yml')).toThrow(
      /line 11, severities\[1\]\.labels\.xx: casebot has no catalogue for language "xx" \(it speaks en, fr\)/,
    );
    expect(() => parsePolicy(policyWith('', '\n    labels: { de: Gold }'), 'mine.yml')).toThrow(
      /tiers\[0\]\.labels\.de: casebot has no catalogue for language "de"/,
    );
    expect(() => parsePolicy(policyWith('', '\n    labels: { fr: "" }'), 'mine.yml')).toThrow(
      /a translation cannot be empty/,
    );
  });

  it('a tier refusal reads the French names to a French reader', () => {
    const elastic = loadPolicy('elastic');
    expect(() => checkSeverityAllowed(elastic, 'development', 2, 'fr')).toThrow(
      'Un abonnement Development ne peut pas ouvrir de dossier de sévérité Élevé (2) : il peut ouvrir Support technique développeurs (4)',
    );
    // English keeps the policy's own refusal text.
    expect(() => checkSeverityAllowed(elastic, 'development', 2)).toThrow(
      /A Development subscription can open developer-support \(4\) cases only/,
    );
  });
});
