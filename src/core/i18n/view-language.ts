import { DEFAULT_LANGUAGE } from './catalogues.js';

/** The language an adapter renders a view's labels in (the view's, else English). */
export function languageOfView(view: { language?: string }): string {
  return view.language ?? DEFAULT_LANGUAGE;
}
