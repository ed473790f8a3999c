// The views the StoryDesk double hands out: a case form and a team alert, with fixed policy data.
import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import type { CaseAlertView, CaseFormInput, CaseFormView } from '../../src/core/views.js';

export function caseFormFixture(deflectionId: string | null, question?: string): CaseFormView {
  return {
    kind: 'case-form',
    deflectionId,
    limits: CASE_FORM_LIMITS,
    severityOptions: [
      { value: 1, label: 'Urgent (1)', description: 'Production is down, no workaround' },
      { value: 2, label: 'High (2)', description: 'Degraded or at reduced capacity' },
      { value: 3, label: 'Normal (3)', description: 'Something does not work as expected' },
    ],
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
  };
}

export function alertFixture(n: number, orgName: string, form: CaseFormInput): CaseAlertView {
  const severity = Number(form.severity);
  return {
    kind: 'case-alert',
    caseId: `case-${n}`,
    caseReference: `CASE-${1000 + n}`,
    severity,
    severityLabel: ['Urgent (1)', 'High (2)', 'Normal (3)'][severity - 1] ?? 'Normal',
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
    targetText: 'within 1 hour',
    state: 'new',
    elapsedFraction: 0,
    suggestedAssignee: { personId: 'p-sam', displayName: 'Sam', platformUserId: 'UENGA' },
    assignee: null,
  };
}
