/**
 * Two tabs, one lead, the same instant: two store instances on one database (RxDB's memory
 * storage shares a database's state within the process, as IndexedDB does between tabs) run
 * commands on the same lead at once. Each command is decided against the revisions it read and
 * written only if they are still current; otherwise it is decided again on the new state. No
 * change is lost, and a command a rule now refuses writes nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { ActivityDoc, AuditEntry, Command, CommandResult, LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore } from '../../../src/store/store.js';
import { listLocal } from '../../../src/store/local.js';
import { type RulesPort, defaultRules } from '../../../src/store/rules-port.js';
import { DAY, DEALER, NOW, closeLostChoices, event, lead, openTestStore, uniqueName } from './fixtures.js';

interface Tabs {
  a: LeadStore;
  b: LeadStore;
  close(): Promise<void>;
}

/** Tab A seeds the database (fixtures); tab B opens a second, unshared instance of it. */
async function twoTabs(actorB = 'sam'): Promise<Tabs> {
  const name = uniqueName('tabs');
  const a = await openTestStore({ name, deviceId: 'device-a' });
  const b = await createStore({
    dealershipId: DEALER,
    name,
    storage: 'memory',
    deviceId: 'device-b',
    now: () => NOW,
    userId: actorB,
    separateInstance: 'tab-b',
  });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.remove();
    },
  };
}

/** The documents as stored, read straight from the storage (no caches). */
async function stored<T>(store: LeadStore, collection: string, selector: Record<string, unknown> = {}): Promise<T[]> {
  const docs = await store.database.collections[collection]!.find({ selector }).exec();
  return docs.map((d) => d.toJSON() as T);
}
const leadNow = async (store: LeadStore, id: string): Promise<LeadDoc> => (await stored<LeadDoc>(store, 'leads', { id }))[0]!;
const activityOf = (store: LeadStore, commandId: string): Promise<ActivityDoc[]> => stored<ActivityDoc>(store, 'activity', { commandId });

/** Runs each tab's commands one after another, both tabs at the same time. */
async function race(tabs: Array<[LeadStore, Command[]]>): Promise<CommandResult[][]> {
  return Promise.all(
    tabs.map(async ([store, commands]) => {
      const results: CommandResult[] = [];
      for (const command of commands) results.push(await store.execute(command));
      return results;
    }),
  );
}

const redecided = async (store: LeadStore): Promise<number> =>
  (await stored<AuditEntry>(store, 'activity', { kind: 'audit' })).filter((a) => Number(a.changes['redecided'] ?? 0) > 0).length;

describe('two tabs on one lead at the same instant', () => {
  test('both tabs update different steps, interest, notes and events of one lead many times: every change is there afterwards', async () => {
    const tabs = await twoTabs();
    try {
      const stepsA = ['awaiting-action', 'phone-call-made', 'meet-and-qualify', 'test-drive', 'trade-in-appraisal'];
      const stepsB = ['present-deal', 'finance', 'delivery', 'follow-up'];
      const commandsA: Command[] = [];
      const commandsB: Command[] = [];
      for (let round = 0; round < 5; round++) {
        if (stepsA[round]) commandsA.push({ type: 'update-progress', leadId: 'lead:2', update: { check: [stepsA[round]!], clear: [], note: `A ${round}` } });
        commandsA.push({ type: 'add-note', leadId: 'lead:2', text: `note A${round}` });
        commandsA.push({ type: 'schedule-event', leadId: 'lead:2', event: { eventType: 'call', title: `Call A${round}`, dueAt: NOW + (10 + round) * DAY } });
        if (stepsB[round]) commandsB.push({ type: 'update-progress', leadId: 'lead:2', update: { check: [stepsB[round]!], clear: [], note: `B ${round}` } });
        commandsB.push({ type: 'set-interest', leadId: 'lead:2', interest: (['cold', 'warm', 'hot', 'cold', 'warm'] as const)[round]! });
        commandsB.push({ type: 'add-note', leadId: 'lead:2', text: `note B${round}` });
        commandsB.push({ type: 'schedule-event', leadId: 'lead:2', event: { eventType: 'call', title: `Call B${round}`, dueAt: NOW + (2 + round) * DAY } });
      }
      const [resultsA, resultsB] = await race([
        [tabs.a, commandsA],
        [tabs.b, commandsB],
      ]);
      for (const r of [...resultsA!, ...resultsB!]) assert.ok(r.ok, !r.ok ? `${r.error.code}: ${r.error.message}` : '');

      for (const tab of [tabs.a, tabs.b]) {
        const final = await leadNow(tab, 'lead:2');
        for (const step of [...stepsA, ...stepsB]) assert.equal(final.steps[step]?.checked, true, `step ${step} is ticked`);
        assert.equal(final.interest, 'warm', "tab B's last interest");
        const notes = (await stored<ActivityDoc>(tab, 'activity', { leadId: 'lead:2', kind: 'note' })).map((n) => (n.kind === 'note' ? n.text : ''));
        for (let round = 0; round < 5; round++) {
          assert.ok(notes.includes(`note A${round}`) && notes.includes(`note B${round}`), `the notes of round ${round}`);
        }
        const events = await stored<{ dueAt: number; title: string }>(tab, 'events', { leadId: 'lead:2' });
        assert.equal(events.length, 10, 'every scheduled event');
        assert.equal(final.nextEventAt, NOW + 2 * DAY, "the lead's next event is the earliest of both tabs' events");
        const passes = await stored<ActivityDoc>(tab, 'activity', { leadId: 'lead:2', kind: 'progress-pass' });
        assert.equal(passes.length, 9, 'one pass per tick');
      }
      for (const r of [...resultsA!, ...resultsB!]) {
        const audits = (await activityOf(tabs.a, r.commandId)).filter((x) => x.kind === 'audit');
        assert.equal(audits.length, 1, `one audit entry for ${r.commandId}`);
      }
      assert.ok((await redecided(tabs.a)) > 0, 'some commands met a concurrent write and were decided again (the race really happened)');
      assert.deepEqual(await listLocal(tabs.a.database, 'journal:'), [], 'no journal entry is left behind');
    } finally {
      await tabs.close();
    }
  });

  test('a close in one tab while the other saves progress: the progress is applied before the close or refused with lead/closed, never lost', async () => {
    const tabs = await twoTabs();
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `lead:${100 + i}`);
      await tabs.a.importDocuments({ leads: ids.map((id, i) => lead(100 + i, { id })) });
      const outcomes = { applied: 0, refused: 0 };
      for (const [i, leadId] of ids.entries()) {
        const close: Command = { type: 'close-lost', leadId, choices: closeLostChoices({ followUpAt: null }) };
        const progress: Command = { type: 'update-progress', leadId, update: { check: ['finance'], clear: [], note: '' } };
        // Alternate the tabs and which command starts first, and stagger the start a little.
        const [closer, saver] = i % 2 ? [tabs.a, tabs.b] : [tabs.b, tabs.a];
        const later = <T>(ms: number, run: () => Promise<T>): Promise<T> => new Promise((r) => setTimeout(() => r(run()), ms));
        const [closed, saved] =
          i % 4 < 2
            ? await Promise.all([closer.execute(close), later(i % 3, () => saver.execute(progress))])
            : await Promise.all([later(i % 3, () => closer.execute(close)), saver.execute(progress)]).then(([c, p]) => [c, p] as const);
        assert.ok(closed.ok, !closed.ok ? closed.error.code : '');
        const final = await leadNow(tabs.a, leadId);
        assert.equal(final.status, 'closed', `${leadId} stays closed`);
        assert.equal(final.closeReasonId, 'price');
        const passes = await activityOf(tabs.a, saved.commandId);
        if (saved.ok) {
          outcomes.applied++;
          assert.equal(final.steps['finance']?.checked, true, `${leadId}: the saved progress is on the lead`);
          assert.equal(passes.filter((p) => p.kind === 'progress-pass').length, 1);
        } else {
          outcomes.refused++;
          assert.equal(saved.error.code, 'lead/closed', `${leadId}: refused as closed`);
          assert.equal(final.steps['finance'], undefined, `${leadId}: nothing of the refused save`);
          assert.deepEqual(passes, [], `${leadId}: no pass, note or audit of the refused save`);
        }
      }
      assert.equal(outcomes.applied + outcomes.refused, ids.length);
      assert.deepEqual(await listLocal(tabs.b.database, 'journal:'), []);
    } finally {
      await tabs.close();
    }
  });

  test('both tabs close the same lead as lost at once: one closes it, the other is refused with lead/closed and none of its documents exist', async () => {
    const tabs = await twoTabs();
    try {
      const ids = Array.from({ length: 8 }, (_, i) => `lead:${200 + i}`);
      await tabs.a.importDocuments({
        leads: ids.map((id, i) => lead(200 + i, { id })),
        events: ids.map((id, i) => event(`overdue-${i}`, id, NOW - DAY)),
      });
      for (const leadId of ids) {
        const close = (notes: string): Command => ({ type: 'close-lost', leadId, choices: closeLostChoices({ notes }) });
        const [ra, rb] = await Promise.all([tabs.a.execute(close('from A')), tabs.b.execute(close('from B'))]);
        assert.equal([ra, rb].filter((r) => r.ok).length, 1, `${leadId}: exactly one close`);
        const loser = ra.ok ? rb : ra;
        const winner = ra.ok ? ra : rb;
        assert.equal(!loser.ok && loser.error.code, 'lead/closed');
        assert.deepEqual(await activityOf(tabs.a, loser.commandId), [], 'no note, notification or audit of the refused close');
        assert.deepEqual(await stored(tabs.a, 'events', { commandId: loser.commandId }), [], 'no follow-up or completion of the refused close');
        const final = await leadNow(tabs.b, leadId);
        assert.equal(final.commandId, winner.commandId);
        assert.equal(final.closeNotes, ra.ok ? 'from A' : 'from B');
        const followUps = await stored(tabs.a, 'events', { leadId, eventType: 'closed-lost-follow-up' });
        assert.equal(followUps.length, 1, 'one follow-up');
      }
    } finally {
      await tabs.close();
    }
  });

  test('reschedule in one tab while the other completes the event: both kept, or the reschedule refused with event/completed', async () => {
    const tabs = await twoTabs();
    try {
      const ids = Array.from({ length: 8 }, (_, i) => `lead:${300 + i}`);
      await tabs.a.importDocuments({
        leads: ids.map((id, i) => lead(300 + i, { id })),
        events: ids.map((id, i) => event(`e-${i}`, id, NOW + DAY)),
      });
      for (const [i, leadId] of ids.entries()) {
        const eventId = `event:e-${i}`;
        const [moved, done] = await Promise.all([
          tabs.a.execute({ type: 'reschedule-event', leadId, eventId, dueAt: NOW + 4 * DAY, title: 'Moved' }),
          tabs.b.execute({ type: 'complete-events', leadId, eventIds: [eventId] }),
        ]);
        assert.ok(done.ok);
        const [e] = await stored<{ dueAt: number; title: string; completedAt: number }>(tabs.a, 'events', { id: eventId });
        assert.equal(e!.completedAt, NOW, 'the completion is kept');
        if (moved.ok) assert.deepEqual([e!.dueAt, e!.title], [NOW + 4 * DAY, 'Moved'], 'the reschedule is kept');
        else assert.equal(moved.error.code, 'event/completed');
      }
    } finally {
      await tabs.close();
    }
  });

  test('a lead that changes under every attempt: after a bounded number of attempts the command is refused as command/conflict and writes nothing', async () => {
    const name = uniqueName('tabs-busy');
    let bumps = 0;
    const other = { store: null as LeadStore | null };
    // Stands in for another tab writing the lead between each decision and its write.
    const busyRules: RulesPort = {
      ...defaultRules,
      decide: (command, state, ctx) => {
        const storage = (
          other.store!.database.collections['leads']!.storageInstance as unknown as {
            originalStorageInstance: { internals: { documents: Map<string, any> }; bulkWrite(rows: unknown[], context: string): unknown };
          }
        ).originalStorageInstance;
        const current = storage.internals.documents.get('lead:1');
        bumps++;
        void storage.bulkWrite(
          [{ previous: current, document: { ...current, _rev: `${bumps + 100}-other`, _meta: { lwt: Date.now() + bumps } } }],
          'other-tab',
        );
        return defaultRules.decide(command, state, ctx);
      },
    };
    const seeded = await openTestStore({ name });
    other.store = seeded;
    const busy = await createStore({
      dealershipId: DEALER,
      name,
      storage: 'memory',
      deviceId: 'device-busy',
      now: () => NOW,
      userId: 'sam',
      separateInstance: 'busy',
      rules: busyRules,
    });
    try {
      const before = await leadNow(seeded, 'lead:1');
      const result = await busy.execute({ type: 'set-interest', leadId: 'lead:1', interest: 'hot' });
      assert.equal(!result.ok && result.error.code, 'command/conflict');
      assert.equal(bumps, 10, 'decided ten times');
      assert.deepEqual(await leadNow(seeded, 'lead:1'), before, 'the lead is as the other writer left it');
      assert.deepEqual(await activityOf(seeded, result.commandId), [], 'no audit');
      assert.deepEqual(await listLocal(seeded.database, 'journal:'), [], 'no journal entry');
    } finally {
      await busy.close();
      await seeded.remove();
    }
  });

  test('a command on a lead whose last command was left half-applied by another tab finishes that command first, then decides on the result', async () => {
    const name = uniqueName('tabs-crash');
    const b = await openTestStore({ name, deviceId: 'device-b' });
    const a = await createStore({
      dealershipId: DEALER,
      name,
      storage: 'memory',
      deviceId: 'device-a',
      now: () => NOW,
      userId: 'sam',
      separateInstance: 'crashing',
      crashAt: 'leads',
    });
    try {
      await assert.rejects(a.execute({ type: 'close-lost', leadId: 'lead:1', choices: closeLostChoices() }, { commandId: 'half' }), /simulated crash/);
      assert.equal((await leadNow(b, 'lead:1')).commandId, 'half', 'the lead was written before the crash');
      assert.deepEqual(await activityOf(b, 'half'), [], 'its activity was not');
      const saved = await b.execute({ type: 'update-progress', leadId: 'lead:1', update: { check: ['finance'], clear: [], note: '' } });
      assert.equal(!saved.ok && saved.error.code, 'lead/closed', 'decided on the finished close');
      assert.equal((await activityOf(b, 'half')).filter((x) => x.kind === 'audit').length, 1, 'the half-applied close was finished');
      const events = await firstValueFrom(b.events$('lead:1'));
      assert.ok(
        events.some((e) => e.eventType === 'closed-lost-follow-up'),
        "the close's follow-up is there",
      );
      assert.deepEqual(await listLocal(b.database, 'journal:'), []);
    } finally {
      await b.remove();
    }
  });
});
