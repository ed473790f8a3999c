import { randomBytes } from 'node:crypto';
// The case form as a modal. Discord allows five inputs, so: title, situation, seriousness (the
// three S's words) and two selects in labels: severity (only the levels the customer's tier may
// use, so it cannot be invalid) and product. The case type is taken from context (the core's
// prefill), not asked.
import {
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
} from 'discord.js';
import { languageOfView, t } from '../../../core/i18n/index.js';
import type { CaseFormInput, CaseFormView } from '../../../core/views.js';
import { encodeCustomId, formFieldIds } from '../custom-ids.js';
import { truncate } from '../text.js';

const MAX_SELECT_OPTIONS = 25;
/** Discord's ceiling for a text input's max_length. */
const DISCORD_INPUT_MAX = 4000;

/** `typed` (what the customer entered last time) wins over the core's prefill: a retry loses nothing. */
export function renderCaseModal(
  view: CaseFormView,
  typed?: CaseFormInput | null,
  /** The form being retried (its submission is the same work, its thread the same); default new. */
  formId: string = randomBytes(6).toString('base64url'),
): APIModalInteractionResponseCallbackData {
  const value = {
    title: typed?.title ?? view.prefill.title,
    situation: typed?.situation ?? view.prefill.situation,
    seriousness: typed?.seriousness ?? view.prefill.seriousness,
    severity:
      typed?.severity ?? (view.prefill.severity === null ? '' : String(view.prefill.severity)),
    product: typed?.product ?? view.prefill.product ?? '',
  };
  const language = languageOfView(view);
  const label = (field: string) => t(language, `labels.caseForm.${field}`);
  const hint = (key: string) => t(language, `discord.caseForm.${key}`);
  // The core's limits, below Discord's own ceiling for a text input.
  const max = (limit: number) => Math.min(limit, DISCORD_INPUT_MAX);
  return {
    custom_id: encodeCustomId({
      kind: 'case-form',
      deflectionId: view.deflectionId,
      formId,
    }),
    title: hint('title'),
    components: [
      textLabel(
        formFieldIds.title,
        label('title'),
        t(language, 'discord.caseForm.titleHint', { max: String(view.limits.title) }),
        TextInputStyle.Short,
        max(view.limits.title),
        value.title,
      ),
      textLabel(
        formFieldIds.situation,
        label('situation'),
        hint('situationHint'),
        TextInputStyle.Paragraph,
        max(view.limits.situation),
        value.situation,
      ),
      textLabel(
        formFieldIds.seriousness,
        label('seriousness'),
        hint('seriousnessHint'),
        TextInputStyle.Paragraph,
        max(view.limits.seriousness),
        value.seriousness,
      ),
      severityLabel(view, value.severity, language),
      productLabel(view, value.product, language),
    ],
  };
}

function textLabel(
  customId: string,
  label: string,
  description: string,
  style: TextInputStyle,
  max: number,
  value: string,
): APILabelComponent {
  const prefill = truncate(value, max);
  return {
    type: ComponentType.Label,
    label,
    description,
    component: {
      type: ComponentType.TextInput,
      custom_id: customId,
      style,
      max_length: max,
      required: true,
      ...(prefill ? { value: prefill } : {}),
    },
  };
}

function severityLabel(view: CaseFormView, selected: string, language: string): APILabelComponent {
  if (view.severityOptions.length === 0 || view.severityOptions.length > MAX_SELECT_OPTIONS) {
    return textLabel(
      formFieldIds.severity,
      t(language, 'labels.caseForm.severity'),
      t(language, 'discord.caseForm.severityNumberHint'),
      TextInputStyle.Short,
      2,
      selected,
    );
  }
  const options: APISelectMenuOption[] = view.severityOptions.map((option) => ({
    label: truncate(option.label, 100),
    value: String(option.value),
    description: truncate(option.description, 100),
    default: String(option.value) === selected,
  }));
  return {
    type: ComponentType.Label,
    label: t(language, 'labels.caseForm.severity'),
    description: t(language, 'discord.caseForm.severityHint'),
    component: {
      type: ComponentType.StringSelect,
      custom_id: formFieldIds.severity,
      options,
      min_values: 1,
      max_values: 1,
      required: true,
    },
  };
}

function productLabel(view: CaseFormView, selected: string, language: string): APILabelComponent {
  if (view.productOptions.length === 0 || view.productOptions.length > MAX_SELECT_OPTIONS) {
    return textLabel(
      formFieldIds.product,
      t(language, 'labels.caseForm.product'),
      t(language, 'discord.caseForm.productHint'),
      TextInputStyle.Short,
      100,
      selected,
    );
  }
  return {
    type: ComponentType.Label,
    label: t(language, 'labels.caseForm.product'),
    component: {
      type: ComponentType.StringSelect,
      custom_id: formFieldIds.product,
      options: view.productOptions.map((product) => ({
        label: truncate(product, 100),
        value: truncate(product, 100),
        default: product === selected,
      })),
      min_values: 1,
      max_values: 1,
      required: true,
    },
  };
}

/** Reads a submitted modal back into the core's form input (strings, as typed). */
export function readCaseModal(
  view: CaseFormView,
  fields: { text(id: string): string | null; selected(id: string): string[] | null },
): CaseFormInput {
  const pick = (id: string) => fields.selected(id)?.[0] ?? fields.text(id) ?? '';
  return {
    deflectionId: view.deflectionId,
    title: fields.text(formFieldIds.title) ?? '',
    situation: fields.text(formFieldIds.situation) ?? '',
    seriousness: fields.text(formFieldIds.seriousness) ?? '',
    severity: pick(formFieldIds.severity),
    product: pick(formFieldIds.product),
    type: view.prefill.type,
  };
}
