// Chat shorthand customers type for words the articles spell out ("prod is down", "sev 1", "ssl
// error"). Applied to documents and questions alike, before stemming, so both meet on one term.
export const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['prod', 'production'],
  ['sev', 'severity'],
  ['sevs', 'severity'],
  ['db', 'database'],
  ['auth', 'authentication'],
  ['config', 'configuration'],
  ['cfg', 'configuration'],
  ['env', 'environment'],
  ['perf', 'performance'],
  ['pwd', 'password'],
  ['creds', 'credentials'],
  ['cert', 'certificate'],
  ['certs', 'certificate'],
  ['ssl', 'tls'],
]);
