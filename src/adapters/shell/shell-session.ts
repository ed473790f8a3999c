// The shell adapter's command loop (Hubot's Shell, for casebot): one line in, one Desk call,
// its answer printed where the platform would show it. Lines run one after another so a script
// reads like a conversation; a trailing " &" starts a line without waiting, to stage real races.
// Each line captures the persona that typed it when it is dispatched: a background line finishing
// after a later `/as` still acts for, and shows its answer to, whoever typed it.
import type { Desk } from '../../core/conversation/desk.js';
import type { Place } from '../../core/model.js';
import { DEFAULT_LANGUAGE, t, type MessageValues } from '../../core/i18n/index.js';
import type { View } from '../../core/views.js';
import { looksLikeCaseReference, parseDuration, parseFields, tokenize } from './commands.js';
import { actorOf, isStaff, newPersona, type Persona, type PersonaInfo } from './persona.js';
import { parseRateLine } from './shell-rate.js';
import { parseSeverityLine } from './shell-severity.js';
import { flag, talk, type TalkContext } from './shell-talk.js';
import { CALLBACK_SYNTAX, callbackText } from './shell-callback.js';
import type { ShellChatPort, ShellWrite } from './shell-chat-port.js';

export interface ShellClock {
  now(): Date;
  /** Moves time forward; returns why not (in `language`) when time cannot move here (not a demo database). */
  advance(ms: number, language: string): void | string;
}

export interface ShellDeps {
  desk: Desk;
  port: ShellChatPort;
  clock: ShellClock;
  write: ShellWrite;
  /** People known to the directory, for `/as`; null when unknown (a new customer with no org). */
  lookupPerson(handle: string): Promise<PersonaInfo | null>;
  /** Where a case's two sides live, so `/reply CASE-1001` can speak in the right thread. */
  casePlaces(
    reference: string,
  ): Promise<{ reference: string; alertPlace: Place | null; customerPlace: Place | null } | null>;
  /** Runs the SLA loop now (after `/clock`): warnings fire without waiting for the next tick. */
  tick(): Promise<void>;
  notePrefix: string;
  supportChannel?: string;
  communityChannel?: string;
  /** A signed dashboard link for a staff member (absent: no web pages in this run). */
  dashboardLink?: (
    handle: string,
  ) => { ok: true; url: string; expiresAt: Date } | { ok: false; reason: string };
}

export interface ShellSession {
  /** Handles one input line; resolves when its output has been printed. */
  handle(line: string): Promise<void>;
  /** Waits for lines started with " &". */
  drain(): Promise<void>;
  prompt(): string;
}

export function createShellSession(deps: ShellDeps, initial: PersonaInfo): ShellSession {
  const personas = new Map<string, Persona>();
  let persona = newPersona(initial);
  personas.set(initial.handle, persona);
  const background = new Set<Promise<void>>();
  const support = deps.supportChannel ?? 'support';
  const community = deps.communityChannel ?? 'community';

  const show = (who: Persona, place: Place | null, view: View) =>
    deps.port.show(place, who.handle, view);
  const say = (text: string) => deps.write(text);
  /** A line of the shell's own (`shell.*`), in the language of the persona it answers. */
  const tell = (me: Persona, key: string, values?: MessageValues) =>
    say(t(me.language ?? DEFAULT_LANGUAGE, `shell.${key}`, values));
  const rolesOf = (me: PersonaInfo, language: string) =>
    me.roles.map((role) => t(language, 'shell.roles', { role })).join(', ');

  async function switchPersona(words: string[]): Promise<void> {
    const [role, handle] = words.length >= 2 ? words : [undefined, words[0]];
    const me = persona;
    if (!handle) return tell(me, 'session.asUsage');
    const known = await deps.lookupPerson(handle);
    if (!known && role && role !== 'customer') return tell(me, 'session.nobody', { handle });
    const info: PersonaInfo = known ?? { handle, displayName: handle, roles: ['customer'] };
    const next = personas.get(handle) ?? newPersona(info);
    // Said in the language of the person played from now on.
    const language = next.language ?? DEFAULT_LANGUAGE;
    if (
      known &&
      role &&
      !known.roles.includes(role as never) &&
      !(role === 'customer' && known.roles.length === 0)
    ) {
      tell(next, 'session.notRole', {
        handle,
        roles: rolesOf(known, language) || t(language, 'shell.session.aCustomer'),
        role: t(language, 'shell.roles', { role }),
      });
    }
    persona = next;
    personas.set(handle, persona);
    tell(persona, 'session.nowPlaying', {
      name: persona.displayName,
      handle: persona.handle,
      roles: rolesOf(persona, language) || t(language, 'shell.roles', { role: 'customer' }),
    });
  }

  async function ask(me: Persona, question: string): Promise<void> {
    const threadId = deps.port.newId('q');
    const place: Place = { platform: 'shell', channelId: support, threadId, messageId: threadId };
    const view = await deps.desk.ask({ actor: actorOf(me), place, question });
    Object.assign(me, {
      askPlace: place,
      lastQuestion: question,
      lastDeflectionId: view.deflectionId,
      draft: null,
    });
    show(me, place, view);
  }

  async function openForm(me: Persona, words: string[]): Promise<void> {
    const view = await deps.desk.caseForm(
      actorOf(me),
      me.lastDeflectionId,
      me.lastQuestion ?? undefined,
    );
    if (view.kind !== 'case-form') return show(me, me.askPlace, view);
    const p = view.prefill;
    me.draft = {
      deflectionId: view.deflectionId,
      title: p.title,
      situation: p.situation,
      severity: p.severity === null ? '' : String(p.severity),
      seriousness: p.seriousness,
      product: p.product ?? '',
      type: p.type,
    };
    // With fields on the line, submit at once (scripts); without, show the form to fill in.
    if (words.length > 0) await submit(me, words);
    else show(me, me.askPlace, view);
  }

  function fill(me: Persona, words: string[]): void {
    const { fields, unknown } = parseFields(words);
    if (unknown.length > 0 || !me.draft)
      return tell(me, 'form.notAField', { words: unknown.join(' ') });
    me.draft = { ...me.draft, ...fields };
    const set = Object.entries(fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    tell(me, 'form.filled', { fields: set.join(' ') });
  }

  async function submit(me: Persona, words: string[]): Promise<void> {
    const { fields, unknown } = parseFields(words);
    if (unknown.length > 0) return tell(me, 'form.notAFieldOnSubmit', { words: unknown.join(' ') });
    const base = me.draft ?? {
      deflectionId: me.lastDeflectionId,
      title: '',
      situation: '',
      severity: '',
      seriousness: '',
      product: '',
      type: 'question',
    };
    me.draft = { ...base, ...fields };
    if (!me.askPlace) {
      const threadId = deps.port.newId('q');
      me.askPlace = { platform: 'shell', channelId: support, threadId, messageId: threadId };
    }
    const place = me.askPlace;
    const view = await deps.desk.submitCase(actorOf(me), place, me.draft);
    if (view.kind === 'case-confirmation') {
      me.currentCase = view.caseReference;
      me.draft = null;
    }
    show(me, place, view);
  }

  const talkContext = (me: Persona): TalkContext => ({
    deps,
    persona: me,
    say,
    show: (place, view) => show(me, place, view),
    community,
    caseArg: (words) => caseArg(me, words),
  });

  /** The case a command is about: the one named, else the persona's current case. */
  function caseArg(me: Persona, words: string[]): { reference: string | null; rest: string[] } {
    if (looksLikeCaseReference(words[0]))
      return {
        reference: words[0].toUpperCase().startsWith('CASE-')
          ? words[0].toUpperCase()
          : `CASE-${words[0]}`,
        rest: words.slice(1),
      };
    return { reference: me.currentCase, rest: words };
  }

  async function act(
    me: Persona,
    action: 'claim' | 'unclaim' | 'resolve' | 'reopen' | 'close' | 'pending',
    words: string[],
  ): Promise<void> {
    const { reference } = caseArg(me, words);
    if (!reference) return tell(me, 'session.usage', { usage: `/${action} CASE-1001` });
    me.currentCase = reference;
    show(me, null, await deps.desk.act(actorOf(me), reference, action));
  }

  async function clock(me: Persona, words: string[]): Promise<void> {
    if (words[0]) {
      const ms = parseDuration(words[0]);
      if (ms === null) return tell(me, 'session.clockUsage');
      const refused = deps.clock.advance(ms, me.language ?? DEFAULT_LANGUAGE);
      if (typeof refused === 'string') return tell(me, 'session.refused', { reason: refused });
    }
    tell(me, 'session.clock', {
      time: deps.clock.now().toISOString().slice(0, 16).replace('T', ' '),
    });
    if (words[0]) await deps.tick();
  }

  /** Staff only: a signed, expiring link to the web dashboard (printed to them alone). */
  function dashboard(me: Persona): void {
    if (!isStaff(me)) return tell(me, 'session.dashboardStaffOnly');
    const link = deps.dashboardLink?.(me.handle) ?? {
      ok: false as const,
      reason: t(me.language ?? DEFAULT_LANGUAGE, 'shell.session.dashboardNotServed'),
    };
    if (!link.ok) return tell(me, 'session.refused', { reason: link.reason });
    const until = link.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
    tell(me, 'session.dashboardLink', { until, url: link.url });
  }

  /** Runs one line for `me`, the persona that typed it (captured before any await). */
  async function run(me: Persona, line: string): Promise<void> {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (!trimmed.startsWith('/')) {
      // While a form is open, `key=value` lines fill it in (the terminal's version of a modal).
      if (me.draft && /^[a-z]+=/i.test(trimmed)) return fill(me, tokenize(trimmed));
      return ask(me, trimmed);
    }
    const [command = '', ...words] = tokenize(trimmed);
    const actor = actorOf(me);
    switch (command.toLowerCase()) {
      case '/help':
        return tell(me, 'help');
      // `/lang [code|auto]`: the core stores the choice; the shell speaks it from now on.
      case '/lang': {
        const view = await deps.desk.language(actor, words.join(' '));
        me.language = view.language ?? me.language;
        return show(me, null, view);
      }
      case '/as':
        return switchPersona(words);
      case '/whoami':
        return tell(me, 'session.whoami', {
          name: me.displayName,
          handle: me.handle,
          roles:
            rolesOf(me, me.language ?? DEFAULT_LANGUAGE) ||
            t(me.language ?? DEFAULT_LANGUAGE, 'shell.roles', { role: 'customer' }),
        });
      case '/solved': {
        if (!me.lastDeflectionId) return tell(me, 'session.askFirst');
        // `/solved 2`: the second suggestion solved it (the question is taught to that article).
        const number = words[0] === undefined ? undefined : Number(words[0]);
        if (number !== undefined && !Number.isInteger(number))
          return tell(me, 'session.solvedUsage');
        const place = me.askPlace;
        return show(me, place, await deps.desk.markSolved(actor, me.lastDeflectionId, number));
      }
      case '/learned': {
        if (words[0]?.toLowerCase() === 'remove') {
          if (!/^\d+$/.test(words[1] ?? ''))
            return tell(me, 'session.usage', { usage: '/learned remove 12' });
          return show(
            me,
            null,
            await deps.desk.learnedPhrasings(actor, { remove: Number(words[1]) }),
          );
        }
        return show(
          me,
          null,
          await deps.desk.learnedPhrasings(actor, { articleId: words[0] ?? null }),
        );
      }
      case '/draft': {
        const { reference } = caseArg(me, words);
        if (!reference) return tell(me, 'session.usage', { usage: '/draft CASE-1001' });
        return show(me, null, await deps.desk.draftArticle(actor, reference));
      }
      case '/open':
        return openForm(me, words);
      case '/submit':
        return submit(me, words);
      case '/claim':
      case '/unclaim':
      case '/resolve':
      case '/reopen':
      case '/close':
      case '/pending':
        return act(me, command.slice(1).toLowerCase() as 'claim', words);
      case '/reassign': {
        const { reference, rest } = caseArg(me, words);
        if (!reference || !rest[0])
          return tell(me, 'session.usage', { usage: '/reassign CASE-1001 kim' });
        return show(me, null, await deps.desk.reassign(actor, reference, rest[0]));
      }
      case '/severity': {
        // Parsed from the raw line: the reason keeps its quotes and spacing as typed.
        const parsed = parseSeverityLine(trimmed);
        if (!parsed) return tell(me, 'session.severityUsage');
        me.currentCase = parsed.caseIdOrReference;
        return show(me, null, await deps.desk.changeSeverity({ actor, ...parsed }));
      }
      case '/rate': {
        const parsed = parseRateLine(trimmed);
        if (!parsed) return tell(me, 'session.rateUsage');
        return show(me, null, await deps.desk.rate({ actor, ...parsed }));
      }
      case '/reply':
        return talk(talkContext(me), words, false, trimmed);
      case '/note':
        return talk(talkContext(me), words, true, trimmed);
      case '/flag':
        return flag(talkContext(me), words, trimmed);
      case '/status':
        return show(me, null, await deps.desk.status(actor));
      case '/queue':
        return show(me, null, await deps.desk.queue(actor));
      case '/clock':
        return clock(me, words);
      case '/dashboard':
        return dashboard(me);
      // Availability: the rest of the line as typed (`until tomorrow 09:00`, `08:00-17:00 Europe/Paris`).
      case '/away':
      case '/shift':
        return show(
          me,
          null,
          await deps.desk.availability(actor, {
            kind: command.toLowerCase() === '/away' ? 'away' : 'shift',
            text: trimmed.slice(command.length).trim(),
          }),
        );
      case '/back':
        return show(me, null, await deps.desk.availability(actor, { kind: 'back' }));
      case '/callback': {
        // The rest of the line as typed: the core reads times, windows and options alike everywhere.
        const { reference, rest } = caseArg(me, words);
        if (!reference) return tell(me, 'session.usage', { usage: CALLBACK_SYNTAX });
        me.currentCase = reference;
        const text = callbackText(trimmed, rest);
        return show(
          me,
          null,
          await deps.desk.callback({ actor, caseIdOrReference: reference, text }),
        );
      }
      case '/why': {
        const { reference } = caseArg(me, words);
        if (!reference) return tell(me, 'session.usage', { usage: '/why CASE-1001' });
        return show(me, null, await deps.desk.explain(actor, reference));
      }
      default:
        return tell(me, 'session.unknownCommand', { command });
    }
  }

  return {
    async handle(line) {
      const isBackground = /\s&$/.test(line.trimEnd());
      const body = isBackground ? line.trimEnd().slice(0, -1) : line;
      const me = persona;
      const job = run(me, body).catch((error: unknown) =>
        tell(me, 'session.error', {
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      if (!isBackground) return job;
      background.add(job);
      void job.finally(() => background.delete(job));
    },
    async drain() {
      while (background.size > 0) await Promise.all([...background]);
    },
    prompt: () => `${persona.handle}> `,
  };
}
