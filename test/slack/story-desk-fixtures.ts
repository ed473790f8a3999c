// The views the StoryDesk double hands out: a case form and a team alert, with fixed policy data
// (in French too: the severity labels a policy's `labels: { fr: … }` gives).
import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import type { CaseAlertView, CaseFormInput, CaseFormView } from '../../src/core/views.js';

const SEVERITIES = {
  en: [
    { value: 1, label: 'Urgent (1)', description: 'Production is down, no workaround' },
    { value: 2, label: 'High (2)', description: 'Degraded or at reduced capacity' },
    { value: 3, label: 'Normal (3)', description: 'Something does not work as expected' },
  ],
  fr: [
    {
      value: 1,
      label: 'Urgente (1)',
      description: 'La production est arrêtée, sans contournement',
    },
    { value: 2, label: 'Haute (2)', description: 'Service dégradé ou capacité réduite' },
    { value: 3, label: 'Normale (3)', description: 'Quelque chose ne marche pas comme prévu' },
  ],
};

export function caseFormFixture(
  deflectionId: string | null,
  question?: string,
  language = 'en',
): CaseFormView {
  return {
    kind: 'case-form',
    deflectionId,
    limits: CASE_FORM_LIMITS,
    severityOptions: language === 'fr' ? SEVERITIES.fr : SEVERITIES.en,
    productOptions: ['elasticsearch', 'kibana'],
    typeOptions: ['bug', 'question'],
    prefill: {
      title: (question ?? '').slice(0, 80),
      situation: question ?? '',
      severity: null,
      seriousness: '',
      product: null,
      type: 'bug',
    },
    ...(language === 'en' ? {} : { language }),
  };
}

export function alertFixture(
  n: number,
  orgName: string,
  form: CaseFormInput,
  language = 'en',
): CaseAlertView {
  const severity = Number(form.severity);
  const labels = language === 'fr' ? SEVERITIES.fr : SEVERITIES.en;
  return {
    ...(language === 'en' ? {} : { language }),
    kind: 'case-alert',
    caseId: `case-${n}`,
    caseReference: `CASE-${1000 + n}`,
    severity,
    severityLabel: labels[severity - 1]?.label ?? 'Normal',
    isTopSeverity: severity === 1,
    tier: 'platinum',
    tierLabel: 'Platinum',
    orgName,
    title: form.title,
    situation: form.situation,
    seriousness: form.seriousness,
    product: form.product,
    type: 'bug',
    dueAt: new Date(Date.UTC(2026, 10, 23, 10, 0)),
    targetText: language === 'fr' ? 'sous 1 heure' : 'within 1 hour',
    state: 'new',
    elapsedFraction: 0,
    suggestedAssignee: { personId: 'p-sam', displayName: 'Sam', platformUserId: 'UENGA' },
    assignee: null,
  };
}
