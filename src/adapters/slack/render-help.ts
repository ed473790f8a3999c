// The help text of /support and of an empty mention (plain text: rendered through a notice).
import { SLASH_COMMAND } from './ids.js';

export function renderHelp(): string {
  return [
    `${SLASH_COMMAND} ask <question>: search the knowledge base`,
    `${SLASH_COMMAND} open [summary]: open a support case`,
    `${SLASH_COMMAND} status: your organisation's open cases`,
    `${SLASH_COMMAND} queue: your team's queue (engineers)`,
    `${SLASH_COMMAND} severity CASE-1001 <level> <reason>: change a case's severity (its requester or support)`,
    `${SLASH_COMMAND} pending CASE-1001: the case waits on the customer (support; its SLA clocks pause until they reply)`,
    `${SLASH_COMMAND} why CASE-1001: why its SLA target falls when it does (windows counted, days skipped, pauses, the rule)`,
    `${SLASH_COMMAND} away [until 14:00 | until Monday 09:00 | for 3h], ${SLASH_COMMAND} back: no new cases for you until then (support)`,
    `${SLASH_COMMAND} shift 08:00-17:00 Europe/Paris [mon-fri]: your shift (support)`,
    `${SLASH_COMMAND} draft CASE-1001: draft a KB article from a resolved case you own (support)`,
    `${SLASH_COMMAND} learned [article] | learned remove 12: questions learned for articles; remove one (staff)`,
    `${SLASH_COMMAND} callback CASE-1001 [book Tue 14:00 contact=+33612345678 | windows Tue 14:00-17:00 | confirm | held | missed | cancel | now]: a phone call on the case (times in business hours and the owner's shift)`,
    `${SLASH_COMMAND} dashboard: a private link to the support dashboard (staff)`,
    `${SLASH_COMMAND} help: this message`,
    'You can also mention the bot with a question, or write to it directly.',
  ].join('\n');
}
