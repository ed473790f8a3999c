// The recording Desk double's views and checks: form validation, the alert, list rows.
import type { CaseAlertView, CaseFormInput } from '../../src/core/views.js';

export function validate(form: CaseFormInput): Partial<Record<keyof CaseFormInput, string>> {
  const errors: Partial<Record<keyof CaseFormInput, string>> = {};
  if (form.title.trim().length < 5)
    errors.title = 'Give the case a title of at least 5 characters.';
  if (!form.situation.trim()) errors.situation = 'Describe the situation.';
  if (!['1', '2', '3'].includes(form.severity))
    errors.severity = 'Pick a severity your subscription covers.';
  if (!form.seriousness.trim()) errors.seriousness = 'Tell us the business impact.';
  return errors;
}

export function alertOf(c: {
  id: string;
  reference: string;
  severity: number;
  form: CaseFormInput;
  state: CaseAlertView['state'];
  assignee: null;
}): CaseAlertView {
  return {
    kind: 'case-alert',
    caseId: c.id,
    caseReference: c.reference,
    severity: c.severity,
    severityLabel: ['Urgent (1)', 'High (2)', 'Normal (3)'][c.severity - 1] ?? `S${c.severity}`,
    isTopSeverity: c.severity === 1,
    tier: 'platinum',
    tierLabel: 'Platinum',
    orgName: 'Acme',
    title: c.form.title,
    situation: c.form.situation,
    seriousness: c.form.seriousness,
    product: c.form.product,
    type: 'bug',
    dueAt: new Date(Date.now() + 3_600_000),
    targetText: 'within 1 hour',
    state: c.state,
    elapsedFraction: 0,
    suggestedAssignee: null,
    assignee: c.assignee,
  };
}

export function summary(c: {
  id: string;
  reference: string;
  title: string;
  alertView: CaseAlertView;
  assignee: { displayName: string } | null;
}) {
  return {
    caseId: c.id,
    caseReference: c.reference,
    title: c.title,
    severityLabel: c.alertView.severityLabel,
    status: c.assignee ? 'claimed' : 'open',
    orgName: 'Acme',
    assigneeName: c.assignee?.displayName ?? null,
    dueAt: c.alertView.dueAt,
    msLeft: 3_600_000,
  };
}
