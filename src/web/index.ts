// Public entry of the web app (dashboard and KB pages). Imports no platform SDK: the app wiring
// (src/app/web-wiring.ts) mounts it on Slack's HTTP server or starts web-server.ts.
export { createWebApp, WEB_PREFIXES, type WebApp, type WebAppOptions } from './web-app.js';
export { startWebServer, type RunningWebServer } from './web-server.js';
export { articlePagePath, isPublicArticle } from './kb-pages.js';
export {
  DEFAULT_SECRET_FILE,
  resolveWebSecret,
  WebSecretError,
  type WebSecret,
} from './web-secret.js';
export { questionOfTag, tagQuestionLink } from './question-links.js';
export { staffLink, signStaffToken, verifyStaffToken, REFUSAL_MESSAGES } from './signed-link.js';
