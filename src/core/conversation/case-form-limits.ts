// How long each typed field of the case form may be: the one limit the core validates and every
// adapter's form enforces and shows (a form that lets through more than the core accepts only
// produces a refusal after the customer has typed it).
import type { CaseFormLimits } from '../views.js';

export const CASE_FORM_LIMITS: CaseFormLimits = {
  title: 120,
  situation: 10_000,
  seriousness: 2_000,
};

export const MAX_TITLE_LENGTH = CASE_FORM_LIMITS.title;
