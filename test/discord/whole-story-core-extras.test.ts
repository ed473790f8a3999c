// What the whole story asserts only through Discord, checked against the real core's store too:
// a solved deflection, a duplicate dispatch processed once, a first response met before any clock
// move (no warning follows), the two moderator routes told apart, and a RESUME that loses nothing.
import { describe, expect, test } from 'vitest';
import {
  buttonPress,
  message,
  modalSubmit,
  slashCommand,
  thread,
} from '../fakes/discord/payloads.js';
import { flagThroughDialog } from './flag-dialog.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, botMessage, buttonIds, goodForm } from './helpers.js';
import { firstResponse, realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

const MANAGE_MESSAGES = String(1n << 13n);
const content = (body: unknown) => String((body as { content?: string }).content ?? '');

/** Alice opens a case through /ask → Open a case → modal; returns the reference and alert ids. */
async function openCase(severity = '2') {
  const { answer, message: asked } = await askAsAlice(h, 'Cluster red after upgrade');
  const openId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  const modal = await h.interact(
    buttonPress({ ...as(h.fake, 'alice'), customId: openId, message: asked }),
  );
  const fields = { ...goodForm(modal), severity: [severity] };
  const submit = modalSubmit({
    ...as(h.fake, 'alice'),
    customId: String(modal.data['custom_id']),
    fields,
  });
  return { submit, answer };
}

function referenceOf(data: Record<string, unknown>): string {
  const title = (data['embeds'] as { title?: string }[] | undefined)?.[0]?.title ?? '';
  return /[A-Z]+-\d+/.exec(title)![0];
}

async function alertThreadOf(reference: string): Promise<string> {
  const { channels } = h.fake.world;
  await waitFor(() =>
    h.postsTo(channels.team.id).find((p) => JSON.stringify(p.body).includes(reference)),
  );
  const opened = await waitFor(() =>
    h.fake.rest.find('POST', new RegExp(`^/channels/${channels.team.id}/messages/\\d+/threads$`)),
  );
  return opened.at(-1)!.path.split('/')[4]!;
}

describe('the Discord story on the real core', () => {
  test('This solved it is stored as a solved deflection', async () => {
    const { answer, message: asked } = await askAsAlice(h, 'Our dashboards are slow to load');
    const solvedId = buttonIds(answer.data).find((id) => id.startsWith('cb:solved:'))!;
    const deflectionId = solvedId.split(':')[2]!;
    expect((await h.desk.store.deflections.byId(deflectionId))?.outcome).toBe('pending');
    const solved = await h.interact(
      buttonPress({ ...as(h.fake, 'alice'), customId: solvedId, message: asked }),
    );
    expect(solved.ephemeral).toBe(true);
    const stored = await h.desk.store.deflections.byId(deflectionId);
    expect(stored?.outcome).toBe('solved');
    expect(stored?.outcomeAt).not.toBeNull();
    expect(stored?.caseId).toBeNull();
  });

  test('a duplicated INTERACTION_CREATE opens one case and is answered once', async () => {
    const { submit } = await openCase();
    h.fake.dispatch('INTERACTION_CREATE', submit);
    const answer = await h.interact(submit);
    const reference = referenceOf(answer.data);
    await alertThreadOf(reference);
    expect(h.fake.rest.find('POST', new RegExp(`^/interactions/${submit.id}/`))).toHaveLength(1);
    const cases = await h.desk.store.cases.list({});
    expect(cases.map((c) => c.reference)).toEqual([reference]);
    expect(h.postsTo(h.fake.world.channels.team.id)).toHaveLength(1);
  });

  test('an engineer reply before any clock move meets the first response; no warning follows', async () => {
    const { world } = h.fake;
    const { submit } = await openCase();
    const reference = referenceOf((await h.interact(submit)).data);
    const alertId = await alertThreadOf(reference);
    h.fake.dispatch(
      'THREAD_CREATE',
      thread({
        world,
        parentId: world.channels.team.id,
        name: reference,
        ownerId: world.people.bot.id,
        id: alertId,
      }),
    );
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message({
        world,
        author: world.people.sam,
        channelId: alertId,
        content: 'Looking at it now',
      }),
    );
    let met: Date | null = null;
    for (let tries = 0; tries < 250 && !met; tries++) {
      met = (await firstResponse(h.desk, reference)).metAt;
      if (!met) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(met?.getTime()).toBe(new Date('2026-03-02T09:00:00Z').getTime());
    const due = (await firstResponse(h.desk, reference)).dueAt.getTime();
    while (h.desk.clock.now().getTime() < due + 60 * 60_000) {
      h.desk.clock.advance(15 * 60_000);
      await h.desk.loop.tick();
    }
    const target = await firstResponse(h.desk, reference);
    expect(target.warnedAt).toBeNull();
    expect(target.breachedAt).toBeNull();
    const slaPosts = [...h.postsTo(world.channels.team.id), ...h.postsTo(alertId)].filter((p) =>
      /response target (used|missed)|missed its response target/.test(content(p.body)),
    );
    expect(slaPosts).toEqual([]);
  });

  test('moderators: the configured role and Manage Messages each suffice, neither alone is assumed', async () => {
    const { world } = h.fake;
    const post = (author: typeof world.people.bob, text: string) =>
      message({ world, author, channelId: world.channels.community.id, content: text });
    const flag = (who: 'lee' | 'alice', target: Record<string, unknown>, permissions?: string) =>
      flagThroughDialog(h, who, world.channels.community.id, target, {
        ...(permissions ? { permissions } : {}),
      });
    // Lee (an engineer, not a moderator in the setup file) with neither route: refused.
    const first = post(world.people.bob, 'prod is down for us');
    const refused = await flag('lee', first, '0');
    expect(refused.ephemeral).toBe(true);
    expect(content(refused.data)).not.toMatch(/^✅/);
    // The same person with Discord's Manage Messages permission only: allowed.
    const byPermission = await flag('lee', first, MANAGE_MESSAGES);
    expect(content(byPermission.data)).toMatch(/^✅/);
    // The same person with the configured moderator role only (no permission): allowed.
    world.memberRoles[world.people.lee.id] = [
      ...(world.memberRoles[world.people.lee.id] ?? []),
      world.roles.moderator.id,
    ];
    const second = post(world.people.bob, 'our billing page leaks data');
    const byRole = await flag('lee', second, '0');
    expect(content(byRole.data)).toMatch(/^✅/);
    // A customer with neither: refused, nothing posted in public for her attempt.
    const third = post(world.people.bob, 'another one');
    const customer = await flag('alice', third, '0');
    expect(content(customer.data)).not.toMatch(/^✅/);
    expect(h.postsTo(third.id as string)).toHaveLength(0);
    const flagged = await h.desk.store.cases.list({});
    expect(flagged).toHaveLength(2);
  });

  test('a gateway drop is RESUMEd: interactions sent meanwhile reach the real core, once', async () => {
    const { world } = h.fake;
    const { submit } = await openCase();
    const reference = referenceOf((await h.interact(submit)).data);
    await alertThreadOf(reference);
    const alert = h.postsTo(world.channels.team.id)[0]!.body as Record<string, unknown>;
    const claimId = buttonIds(alert).find((id) => id.startsWith('cb:claim:'))!;
    h.fake.gateway.drop(4000);
    await waitFor(() => !h.fake.gateway.isConnected || undefined, 1000);
    const claim = buttonPress({
      ...as(h.fake, 'sam', world.channels.team.id),
      customId: claimId,
      message: botMessage(h.fake, world.channels.team.id, alert),
    });
    const status = slashCommand({
      ...as(h.fake, 'alice'),
      name: 'case',
      options: [{ name: 'list', type: 1, options: [] }],
    });
    h.fake.dispatch('INTERACTION_CREATE', claim);
    h.fake.dispatch('INTERACTION_CREATE', status);
    for (const payload of [claim, status])
      await h.fake.waitForRequest(
        (r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`,
        5000,
      );
    expect(h.fake.gateway.resumes).toBe(1);
    expect(h.fake.gateway.identifies).toBe(1);
    const stored = await h.desk.store.cases.byReference(reference);
    expect(stored?.assigneeId).not.toBeNull();
    // Replayed after the RESUME: not claimed twice, not answered twice.
    h.fake.dispatch('INTERACTION_CREATE', claim);
    const probe = slashCommand({ ...as(h.fake, 'sam', world.channels.team.id), name: 'queue' });
    const queue = await h.interact(probe);
    expect(JSON.stringify(queue.data)).toContain(reference);
    expect(h.fake.rest.find('POST', new RegExp(`^/interactions/${claim.id}/`))).toHaveLength(1);
    const events = await h.desk.store.events.forCase(stored!.id);
    expect(events.filter((e) => e.kind === 'claimed')).toHaveLength(1);
  });
});
