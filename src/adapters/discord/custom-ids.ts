// Component custom ids carry what a later click needs (Discord gives back only the id, at most
// 100 characters): the deflection and the asker for suggestion buttons, the case for alert buttons.
export type ComponentAction =
  /** `article`: which suggestion (1-based) solved it, when several were shown. */
  | { kind: 'solved'; deflectionId: string; askerId: string; article?: number }
  | { kind: 'open-case'; deflectionId: string; askerId: string }
  | { kind: 'claim'; caseId: string }
  | { kind: 'unclaim'; caseId: string }
  | { kind: 'resolve'; caseId: string }
  | { kind: 'reopen'; caseId: string }
  /** *Waiting on customer* on the alert: the case waits on the customer's reply. */
  | { kind: 'pending'; caseId: string }
  /** *Why this time?* on the alert: the case's target explained, privately. */
  | { kind: 'why'; caseId: string }
  | { kind: 'retry-form'; userId: string }
  | { kind: 'cancel-form'; userId: string }
  /** `formId`: the modal shown (a resubmission of the same modal opens no second case). */
  | { kind: 'case-form'; deflectionId: string | null; formId?: string }
  /** The flag dialog for a message (its modal, and the button that opens it when slow). */
  /** `authorId` (the modal's): a redo whose post was removed meanwhile still knows whose it was. */
  | { kind: 'flag-form'; messageId: string; authorId?: string }
  /** CSAT: a score button on a resolution notice (`resolution`: which one was asked about). */
  | { kind: 'rate'; caseId: string; resolution: string; score: string }
  /** CSAT: *Add a comment* after a score, and the comment modal it opens. */
  | { kind: 'rate-comment'; caseId: string; resolution: string }
  /**
   * Scheduled callbacks: *Request a call*, a time picked (`at`: epoch minutes, base 36), or a
   * step (confirm, held, missed, cancel); the core checks who presses.
   */
  | { kind: 'callback'; caseId: string; step: string; at?: string };

const PREFIX = 'cb';
const NONE = '-';

export function encodeCustomId(action: ComponentAction): string {
  const parts = [PREFIX, action.kind];
  if (action.kind === 'solved' || action.kind === 'open-case')
    parts.push(action.deflectionId, action.askerId);
  if (action.kind === 'solved' && action.article) parts.push(String(action.article));
  if (
    action.kind === 'claim' ||
    action.kind === 'unclaim' ||
    action.kind === 'resolve' ||
    action.kind === 'reopen' ||
    action.kind === 'pending' ||
    action.kind === 'why'
  )
    parts.push(action.caseId);
  if (action.kind === 'retry-form' || action.kind === 'cancel-form') parts.push(action.userId);
  if (action.kind === 'case-form') {
    parts.push(action.deflectionId ?? NONE);
    if (action.formId) parts.push(action.formId);
  }
  if (action.kind === 'flag-form') {
    parts.push(action.messageId);
    if (action.authorId) parts.push(action.authorId);
  }
  if (action.kind === 'rate') parts.push(action.caseId, action.resolution, action.score);
  if (action.kind === 'rate-comment') parts.push(action.caseId, action.resolution);
  if (action.kind === 'callback') {
    parts.push(action.caseId, action.step);
    if (action.at) parts.push(action.at);
  }
  const id = parts.join(':');
  // Discord rejects the whole message when an id is too long: fail here, loudly, instead.
  if (id.length > 100) throw new Error(`custom_id longer than 100 characters: ${id.slice(0, 40)}…`);
  if (parts.slice(2).some((part) => part.includes(':')))
    throw new Error(`custom_id part contains ":": ${id}`);
  return id;
}

export function decodeCustomId(id: string): ComponentAction | null {
  const [prefix, kind, a, b, c] = id.split(':');
  if (prefix !== PREFIX || !kind) return null;
  if (kind === 'solved' && a && b) {
    const article = /^\d{1,2}$/.test(c ?? '') ? Number(c) : undefined;
    return { kind, deflectionId: a, askerId: b, ...(article ? { article } : {}) };
  }
  if (kind === 'open-case' && a && b) return { kind, deflectionId: a, askerId: b };
  if (
    (kind === 'claim' ||
      kind === 'unclaim' ||
      kind === 'resolve' ||
      kind === 'reopen' ||
      kind === 'pending' ||
      kind === 'why') &&
    a
  )
    return { kind, caseId: a };
  if ((kind === 'retry-form' || kind === 'cancel-form') && a) return { kind, userId: a };
  if (kind === 'case-form' && a)
    return { kind, deflectionId: a === NONE ? null : a, ...(b ? { formId: b } : {}) };
  if (kind === 'flag-form' && a) return { kind, messageId: a, ...(b ? { authorId: b } : {}) };
  if (kind === 'rate' && a && b && c) return { kind, caseId: a, resolution: b, score: c };
  if (kind === 'rate-comment' && a && b) return { kind, caseId: a, resolution: b };
  if (kind === 'callback' && a && b) return { kind, caseId: a, step: b, ...(c ? { at: c } : {}) };
  return null;
}

/** Field ids inside the case modal. */
export const formFieldIds = {
  title: 'title',
  situation: 'situation',
  seriousness: 'seriousness',
  severity: 'severity',
  product: 'product',
} as const;

/** The text input of the CSAT comment modal. */
export const ratingCommentFieldId = 'comment';

/** Field ids inside the flag modal. */
export const flagFieldIds = { severity: 'severity', remove: 'remove' } as const;
