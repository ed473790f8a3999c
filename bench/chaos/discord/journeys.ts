// The people of a Discord run, each a small script driven by what the fake Discord received: a
// customer asks in the support channel (asking again, in a new message, when no suggestions come),
// presses *Open a case*, fills the modal and submits it (again when it failed, and now and then as
// if its answer was lost); engineers press *Claim* on the alert, some two at once. A person presses
// again only when Discord would show an error ("This interaction failed") or nothing happened.
import type { FakeDiscord } from '../../../test/fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../../../test/fakes/discord/fake-rest.js';
import { buttonPress, message, modalSubmit } from '../../../test/fakes/discord/payloads.js';
import type { FakeUser } from '../../../test/fakes/discord/world.js';
import { snowflake } from '../../../test/fakes/discord/snowflake.js';
import type { CallWatch } from '../calls.js';
import type { Killer } from '../kills.js';
import { acceptedSubmission, acked, tagOf, type Ledger } from '../ledger.js';
import { journeyStart, pickTwo, pressUntilAcked, SUBJECTS, type CustomerPlan } from '../plans.js';
import type { Rng } from '../rng.js';
import { sleep, type Attempt } from '../slack-side.js';
import { PRODUCT } from '../world.js';
import { customIds, isSuggestions } from './classify.js';
import type { DiscordSide } from './side.js';

export interface DiscordJourneyContext {
  fake: FakeDiscord;
  side: DiscordSide;
  watch: CallWatch<RecordedRequest>;
  killer: Killer;
  ledger: Ledger;
  rng: Rng;
  engineers: FakeUser[];
  elapsed: () => number;
  patienceMs: number;
}

const created = (r: RecordedRequest) => r.status < 300 && r.response !== undefined;

/** A bot message as Discord sends it back inside a button interaction. */
function asClicked(ctx: DiscordJourneyContext, post: RecordedRequest): Record<string, unknown> {
  const response = post.response as Record<string, unknown>;
  return { ...response, author: ctx.fake.world.people.bot, guild_id: ctx.fake.world.guildId };
}

/** Every input of the modal, filled as the customer would: the tag in the title. */
function formFields(modal: Record<string, unknown>, plan: CustomerPlan<FakeUser>, tag: string) {
  type Input = { type: number; custom_id: string; options?: { value: string }[] };
  const rows = (modal['components'] ?? []) as { component?: Input; components?: Input[] }[];
  const title = `[${tag}] ${SUBJECTS[Number(plan.key.replace(/\D/g, '')) % SUBJECTS.length]}`;
  const text: Record<string, string> = {
    title,
    situation: `Seen since this morning by ${plan.user.username}.`,
    seriousness: 'Our operators cannot work.',
  };
  const fields: Record<string, string | string[]> = {};
  for (const input of rows.flatMap((row) =>
    row.component ? [row.component] : (row.components ?? []),
  ))
    fields[input.custom_id] =
      input.type !== 3
        ? (text[input.custom_id] ?? 'n/a')
        : input.custom_id === 'severity'
          ? [String(plan.severity)]
          : input.custom_id === 'product'
            ? [PRODUCT]
            : [input.options?.[0]?.value ?? ''];
  return { title, fields };
}

/** The private answer's *Open the form* button (a slow form), on the press's token. */
async function formOffered(
  watch: CallWatch<RecordedRequest>,
  token: string,
): Promise<{ button: string; message: Record<string, unknown> } | null> {
  const answer = await watch.waitFor((r) => {
    if (r.status >= 300 || !r.path.includes(`/${token}`)) return false;
    const body = r.body as { data?: unknown } | null;
    return customIds(body?.data ?? body).some((id) => id.startsWith('cb:case-form:'));
  }, 6_000);
  if (!answer) return null;
  const body = answer.body as { data?: unknown } | null;
  const data = (body?.data ?? body) as Record<string, unknown>;
  const button = customIds(data).find((id) => id.startsWith('cb:case-form:'));
  if (!button) return null;
  const response = (answer.response ?? {}) as Record<string, unknown>;
  return { button, message: { ...data, ...response, id: response['id'] ?? snowflake() } };
}

export async function discordJourney(
  ctx: DiscordJourneyContext,
  plan: CustomerPlan<FakeUser>,
): Promise<void> {
  const end = await journeyStart(ctx, plan);
  const { fake, watch, side, ledger } = ctx;
  const { world, applicationId } = fake;
  const support = world.channels.support.id;
  const as = (who: FakeUser, channelId: string) => ({ world, applicationId, who, channelId });

  // 1. The question; asked again in a new message when no suggestions come (nobody got it).
  let suggestions: RecordedRequest | null = null;
  const asked = ctx.elapsed();
  while (!suggestions && ctx.elapsed() - asked < ctx.patienceMs) {
    const question = message({
      world,
      author: plan.user,
      channelId: support,
      content: plan.question,
    });
    const record = {
      key: plan.key,
      user: plan.user,
      ts: question.id,
      eventId: question.id,
      attempts: [] as Attempt[],
    };
    ledger.questions.push(record);
    record.attempts.push(
      await side.message(question, (replica) =>
        ctx.killer.onRequestSent(replica, 'event', plan.key),
      ),
    );
    suggestions = await watch.waitFor(
      (r) =>
        created(r) &&
        r.method === 'POST' &&
        r.path === `/channels/${support}/messages` &&
        (r.body as { message_reference?: { message_id?: string } }).message_reference
          ?.message_id === question.id &&
        isSuggestions(r),
      acked(record.attempts[0]!) ? 8_000 : 1_000,
    );
  }
  if (!suggestions) return end('no suggestions');
  if (!plan.escalate) return end(null);

  // 2. *Open a case* → the modal. A slow form comes behind an *Open the form* button in a
  // private answer: pressed next. No modal: press again, for a while.
  let button = customIds(suggestions.body).find((id) => id.startsWith('cb:open-case:'));
  if (!button) return end('no Open a case button');
  let clicked = asClicked(ctx, suggestions);
  await sleep(ctx.rng.between(300, 1_500));
  let modal: Record<string, unknown> | null = null;
  const firstPress = ctx.elapsed();
  while (!modal && ctx.elapsed() - firstPress < ctx.patienceMs) {
    const press = buttonPress({ ...as(plan.user, support), customId: button, message: clicked });
    const attempt = await side.interaction('block_actions', press);
    const callback = await watch.waitFor(
      (r) => r.status < 300 && r.path.startsWith(`/interactions/${press.id}/`),
      acked(attempt) ? 100 : 0,
    );
    const body = callback?.body as { type?: number; data?: Record<string, unknown> } | undefined;
    modal = body?.type === 9 ? (body.data ?? null) : null;
    ledger.opens.push({ key: plan.key, attempt, formOpened: modal !== null });
    if (modal) break;
    const offered = acked(attempt) ? await formOffered(watch, press.token) : null;
    if (offered) {
      button = offered.button;
      clicked = { ...offered.message, author: fake.world.people.bot };
    } else await sleep(1_000);
  }
  if (!modal) return end('no form');

  // 3. The submission; again when it failed, or (plan.resubmit) as if its answer was lost.
  const tag = tagOf(plan.key);
  const formId = String(modal['custom_id']);
  const filled = formFields(modal, plan, tag);
  const form = ledger.addForm(plan, filled.title, {
    questionTs: String((suggestions.response as { id?: string }).id),
    viewId: formId,
  });
  const submit = () =>
    side.interaction(
      'view_submission',
      modalSubmit({ ...as(plan.user, support), customId: formId, fields: filled.fields }),
      (replica) => ctx.killer.onRequestSent(replica, 'view_submission', plan.key),
    );
  await sleep(ctx.rng.between(500, 2_000));
  const first = await pressUntilAcked(ctx, submit, (attempt) => form.submissions.push(attempt));
  if (first && plan.resubmit) {
    await sleep(ctx.rng.between(200, 2_500));
    form.deliberateResubmissions += 1;
    form.submissions.push(await submit());
  }
  if (!form.submissions.some(acceptedSubmission)) return end('form never accepted');

  // 4. The alert in the team channel, then the claim(s).
  const team = world.channels.team.id;
  const alert = await watch.waitFor(
    (r) =>
      created(r) &&
      r.method === 'POST' &&
      r.path === `/channels/${team}/messages` &&
      customIds(r.body).some((id) => id.startsWith('cb:claim:')) &&
      JSON.stringify(r.body).includes(tag),
    ctx.patienceMs * 2,
  );
  if (!alert) return end('no alert');
  if (plan.claim === 'none') return end(null);
  const claim = customIds(alert.body).find((id) => id.startsWith('cb:claim:'))!;
  await sleep(ctx.rng.between(500, 2_500));
  const engineers =
    plan.claim === 'race' ? pickTwo(ctx.rng, ctx.engineers) : [ctx.rng.pick(ctx.engineers)];
  await Promise.all(
    engineers.map((engineer) =>
      pressUntilAcked(
        ctx,
        () =>
          side.interaction(
            'block_actions',
            buttonPress({ ...as(engineer, team), customId: claim, message: asClicked(ctx, alert) }),
          ),
        (attempt) =>
          ledger.claims.push({ key: plan.key, engineer, attempt, race: plan.claim === 'race' }),
      ),
    ),
  );
  end(null);
}
