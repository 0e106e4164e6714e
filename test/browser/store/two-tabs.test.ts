/**
 * Two tabs on one IndexedDB database, in Chromium: two store instances, each with its own Dexie
 * connection (what two tabs have), run commands on the same lead at once. Every change is kept;
 * a close in one while the other saves progress never loses the save silently; each tab sees the
 * other's writes (RxDB multiInstance).
 */
import { expect } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import type { ActivityDoc, Command, CommandResult, LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore } from '../../../src/store/store.js';
import { DEALER, NOW, USERS, closeLostChoices, lead, policy, uniqueName } from '../../node/store/fixtures.js';

async function twoTabs(): Promise<{ a: LeadStore; b: LeadStore; close(): Promise<void> }> {
  const name = uniqueName('two-tabs');
  const a = await createStore({ dealershipId: DEALER, name, deviceId: 'device-a', now: () => NOW });
  await a.importDocuments({ policy: policy(), users: USERS, leads: Array.from({ length: 9 }, (_, i) => lead(i + 1)) });
  await a.setActor('sam');
  const b = await createStore({ dealershipId: DEALER, name, deviceId: 'device-b', now: () => NOW, userId: 'sam', separateInstance: 'tab-b' });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.remove();
    },
  };
}

async function stored<T>(store: LeadStore, collection: string, selector: Record<string, unknown>): Promise<T[]> {
  return (await store.database.collections[collection]!.find({ selector }).exec()).map((d) => d.toJSON() as T);
}

async function inTurn(store: LeadStore, commands: Command[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const c of commands) results.push(await store.execute(c));
  return results;
}

describe('two tabs on one IndexedDB database', () => {
  it('both tabs tick different steps and add notes on one lead at once: every change is kept, and each tab sees the other', async () => {
    const tabs = await twoTabs();
    try {
      const stepsA = ['awaiting-action', 'phone-call-made', 'meet-and-qualify', 'test-drive'];
      const stepsB = ['present-deal', 'finance', 'delivery', 'follow-up'];
      const commands = (steps: string[], tag: string): Command[] =>
        steps.flatMap((step, i): Command[] => [
          { type: 'update-progress', leadId: 'lead:1', update: { check: [step], clear: [], note: '' } },
          { type: 'add-note', leadId: 'lead:1', text: `${tag}${i}` },
        ]);
      const [ra, rb] = await Promise.all([inTurn(tabs.a, commands(stepsA, 'A')), inTurn(tabs.b, commands(stepsB, 'B'))]);
      for (const r of [...ra, ...rb]) expect(r.ok, !r.ok ? r.error.code : '').to.equal(true);
      const [final] = await stored<LeadDoc>(tabs.b, 'leads', { id: 'lead:1' });
      for (const step of [...stepsA, ...stepsB]) expect(final!.steps[step]?.checked, step).to.equal(true);
      const notes = (await stored<ActivityDoc>(tabs.a, 'activity', { leadId: 'lead:1', kind: 'note' })).map((n) => (n.kind === 'note' ? n.text : ''));
      expect(notes).to.include.members(['A0', 'A1', 'A2', 'A3', 'B0', 'B1', 'B2', 'B3']);
      // Tab A's live query catches up with tab B's last write.
      const seenByA = await firstValueFrom(tabs.a.lead$('lead:1').pipe(filter((l) => stepsB.every((s) => l?.steps[s]?.checked))));
      expect(seenByA?.id).to.equal('lead:1');
    } finally {
      await tabs.close();
    }
  });

  it('a close in one tab while the other saves progress: applied before the close, or refused with lead/closed; the lead stays closed', async () => {
    const tabs = await twoTabs();
    try {
      for (let n = 2; n <= 9; n++) {
        const leadId = `lead:${n}`;
        const close: Command = { type: 'close-lost', leadId, choices: closeLostChoices({ followUpAt: null }) };
        const progress: Command = { type: 'update-progress', leadId, update: { check: ['finance'], clear: [], note: '' } };
        const [closer, saver] = n % 2 ? [tabs.a, tabs.b] : [tabs.b, tabs.a];
        const [closed, saved] = await Promise.all([closer.execute(close), saver.execute(progress)]);
        expect(closed.ok).to.equal(true);
        const [final] = await stored<LeadDoc>(tabs.a, 'leads', { id: leadId });
        expect(final!.status).to.equal('closed');
        const passes = await stored<ActivityDoc>(tabs.a, 'activity', { commandId: saved.commandId });
        if (saved.ok) {
          expect(final!.steps['finance']?.checked).to.equal(true);
        } else {
          expect(saved.error.code).to.equal('lead/closed');
          expect(final!.steps['finance']).to.equal(undefined);
          expect(passes).to.deep.equal([]);
        }
      }
    } finally {
      await tabs.close();
    }
  });
});
