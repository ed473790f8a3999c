// The case form as a modal (the three S), its submitted values, and inline errors. Block ids are
// the CaseFormInput field names, so the core's per-field errors map onto the modal as they are.
import type {
  CaseFormErrors,
  CaseFormField,
  CaseFormInput,
  CaseFormView,
} from '../../core/views.js';
import { languageOfView, t } from '../../core/i18n/index.js';
import { plain, type Block } from './blocks.js';
import { plainText, truncate } from './escape.js';
import { CALLBACK_IDS } from './ids.js';

const ACTION = 'value';

/** Where the customer asked, carried through the modal so the confirmation lands in their thread. */
export interface CaseFormOrigin {
  deflectionId: string | null;
  channelId: string | null;
  threadTs: string | null;
}

/** A field's label: the shared form labels, and Slack's own for the case type (only Slack asks it). */
function fieldLabel(field: CaseFormField, language: string): string {
  return field === 'type'
    ? t(language, 'slack.caseForm.typeLabel')
    : t(language, `labels.caseForm.${field}`);
}

function option(value: string, label: string, description?: string): Block {
  const base: Block = { text: plain(label, 75), value };
  return description ? { ...base, description: plain(description, 75) } : base;
}

/** Slack's own ceiling for a plain_text_input; the core's limit applies below it. */
const SLACK_INPUT_MAX = 3000;

function textInput(
  field: CaseFormField,
  label: string,
  initial: string,
  multiline: boolean,
  hint?: string,
  limit = SLACK_INPUT_MAX,
): Block {
  const max = Math.min(limit, SLACK_INPUT_MAX);
  const element: Block = {
    type: 'plain_text_input',
    action_id: ACTION,
    multiline,
    max_length: max,
  };
  if (initial) element.initial_value = truncate(initial, max);
  const block: Block = { type: 'input', block_id: field, label: plain(label, 2000), element };
  return hint ? { ...block, hint: plain(hint, 2000) } : block;
}

function severityInput(view: CaseFormView, language: string): Block {
  const options = view.severityOptions
    .slice(0, 10)
    .map((s) => option(String(s.value), s.label, s.description));
  const element: Block = { type: 'radio_buttons', action_id: ACTION, options };
  const chosen = view.severityOptions.find((s) => s.value === view.prefill.severity);
  if (chosen)
    element.initial_option = option(String(chosen.value), chosen.label, chosen.description);
  // Radio descriptions hold 75 characters; the hint carries the full definitions.
  const hint = view.severityOptions
    .map((s) =>
      t(language, 'slack.caseForm.severityHint', { label: s.label, description: s.description }),
    )
    .join('\n');
  return {
    type: 'input',
    block_id: 'severity',
    label: plain(t(language, 'labels.caseForm.severity')),
    element,
    hint: plain(hint, 2000),
  };
}

/** A drop-down; `shown` gives each value's label (case types are translated, products are names). */
function selectInput(
  field: CaseFormField,
  values: string[],
  initial: string | null,
  language: string,
  shown: (value: string) => string = (value) => value,
): Block {
  const options = values.slice(0, 100).map((v) => option(v, shown(v)));
  const element: Block = {
    type: 'static_select',
    action_id: ACTION,
    options,
    placeholder: plain(t(language, 'slack.caseForm.choose', { field })),
  };
  if (initial && values.includes(initial)) element.initial_option = option(initial, shown(initial));
  return {
    type: 'input',
    block_id: field,
    label: plain(fieldLabel(field, language)),
    element,
  };
}

export function renderCaseFormModal(
  view: CaseFormView,
  origin: CaseFormOrigin,
): Record<string, unknown> {
  const language = languageOfView(view);
  const label = (field: CaseFormField) => fieldLabel(field, language);
  const hint = (name: string, values?: Record<string, string | number>) =>
    t(language, `slack.caseForm.${name}Hint`, values);
  const p = view.prefill;
  const { limits } = view;
  const blocks: Block[] = [
    textInput(
      'title',
      label('title'),
      p.title,
      false,
      hint('title', { max: String(limits.title) }),
      limits.title,
    ),
    textInput(
      'situation',
      label('situation'),
      p.situation,
      true,
      hint('situation'),
      limits.situation,
    ),
    severityInput(view, language),
    textInput(
      'seriousness',
      label('seriousness'),
      p.seriousness,
      true,
      hint('seriousness'),
      limits.seriousness,
    ),
    view.productOptions.length > 0
      ? selectInput('product', view.productOptions, p.product, language)
      : textInput('product', label('product'), p.product ?? '', false),
    selectInput('type', view.typeOptions, p.type, language, (type) =>
      t(language, 'labels.caseType', { type }),
    ),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.caseForm,
    title: plain(t(language, 'slack.caseForm.heading'), 24),
    submit: plain(t(language, 'slack.caseForm.submit'), 24),
    close: plain(t(language, 'labels.cancel'), 24),
    private_metadata: JSON.stringify({
      d: origin.deflectionId,
      c: origin.channelId,
      t: origin.threadTs,
    }),
    blocks,
  };
}

export function parseFormOrigin(raw: string | undefined): CaseFormOrigin {
  try {
    const parsed = JSON.parse(raw ?? '{}') as { d?: unknown; c?: unknown; t?: unknown };
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return { deflectionId: str(parsed.d), channelId: str(parsed.c), threadTs: str(parsed.t) };
  } catch {
    return { deflectionId: null, channelId: null, threadTs: null };
  }
}

interface StateValue {
  value?: string | null;
  selected_option?: { value?: string } | null;
}
export type ViewStateValues = Record<string, Record<string, StateValue>>;

function read(values: ViewStateValues, field: CaseFormField): string {
  const state = values[field]?.[ACTION];
  return (state?.selected_option?.value ?? state?.value ?? '').trim();
}

export function parseCaseFormSubmission(
  values: ViewStateValues,
  origin: CaseFormOrigin,
): CaseFormInput {
  return {
    deflectionId: origin.deflectionId,
    title: read(values, 'title'),
    situation: read(values, 'situation'),
    severity: read(values, 'severity'),
    seriousness: read(values, 'seriousness'),
    product: read(values, 'product'),
    type: read(values, 'type'),
  };
}

/** `response_action: errors` payload; messages are plain text shown under each field. */
export function renderFormErrors(view: CaseFormErrors): {
  response_action: 'errors';
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(view.errors)) {
    if (message) errors[field] = plainText(message, 150);
  }
  return { response_action: 'errors', errors };
}
