export { DEFAULT_LANGUAGE, loadCatalogues, parseCatalogue, type Catalogue } from './catalogues.js';
export { t, rawMessage, supportedLanguages, type MessageValues } from './translate.js';
export {
  chooseLanguage,
  languageFor,
  supportedLanguage,
  type LanguageSources,
} from './language.js';
export { formatDateTime, formatDuration, formatWeekdayTime } from './format.js';
export { languageOfView } from './view-language.js';
