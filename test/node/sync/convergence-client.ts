/**
 * One client of the convergence test, in its own process (RxDB's free package allows 13 open
 * collections per process; a store has 5). Driven over IPC by convergence.test.ts: runs seeded
 * random commands with random offline periods, then syncs and reports its documents.
 */
import { filter, firstValueFrom } from 'rxjs';
import type { Command, Interest } from '../../../src/model/index.js';
import { Rng } from '../../../src/seed/random.js';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';

type Start = { cmd: 'start'; url: string; dealershipId: string; user: string; password: string; seed: number; commands: number; manager: boolean };
type Message = Start | { cmd: 'sync' } | { cmd: 'snapshot' } | { cmd: 'exit' };

const send = (m: unknown) => process.send!(m);

let store: LeadStore;
let sync: SyncHandle;

async function run(m: Start): Promise<void> {
  store = await createStore({ dealershipId: m.dealershipId, name: `conv-${m.user}-${process.pid}`, storage: 'memory', userId: m.user });
  const inFlight = new Map<number, string>();
  let requests = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const n = ++requests;
    inFlight.set(
      n,
      `${init?.method ?? 'GET'} ${String(input)
        .replace(/^.*?\/\/[^/]+\/[^/]+\//, '')
        .slice(0, 60)} @${Date.now() % 100000}`,
    );
    try {
      return await fetch(input, init);
    } finally {
      inFlight.delete(n);
    }
  };
  sync = startSync(store, { url: m.url, auth: { kind: 'basic', username: m.user, password: m.password }, fetch: countingFetch });
  await sync.awaitInSync();
  await firstValueFrom(store.actor$.pipe(filter(Boolean)));
  if (process.env.FORECOURT_DEBUG_CLIENT) {
    setInterval(() => {
      const reps = Object.entries(sync.replications)
        .map(([n, r]) => {
          const s = (r as any).internalReplicationState?.events;
          return `${n}:${s?.active.up.getValue() ? 'U' : '-'}${s?.active.down.getValue() ? 'D' : '-'}${s?.paused.getValue() ? 'P' : ''}${n === 'leads' ? JSON.stringify(s ? (r as any).internalReplicationState.stats.up : {}) : ''}`;
        })
        .join(' ');
      console.error(`[${m.user}] ${JSON.stringify(sync.status())} ${reps} requests=${requests} inFlight=${[...inFlight.values()].join(' | ')}`);
    }, 5000).unref();
  }
  const rng = new Rng(m.seed);
  const random = (): number => rng.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const steps = (await firstValueFrom(store.policy$)).progressSteps.map((s) => s.id);
  const acked: string[] = [];
  let offlineFor = 0;
  for (let i = 0; i < m.commands; i++) {
    if (offlineFor === 0 && random() < 0.04) {
      offlineFor = 5 + Math.floor(random() * 25);
      sync.pause();
    }
    if (offlineFor > 0 && --offlineFor === 0) sync.resume();
    const leads = (await store.database.collections.leads!.find().exec()).map((d) => d.toJSON() as { id: string; status: string });
    const lead = pick(leads);
    const r = random();
    let command: Command;
    if (r < 0.25) command = { type: 'set-interest', leadId: lead.id, interest: pick<Interest>(['not-set', 'cold', 'warm', 'hot']) };
    else if (r < 0.45) command = { type: 'add-note', leadId: lead.id, text: `note ${i} from ${m.user}` };
    else if (r < 0.6) command = { type: 'update-progress', leadId: lead.id, update: { check: [pick(steps)], clear: [], note: '' } };
    else if (r < 0.7) {
      command =
        lead.status === 'closed' && m.manager
          ? { type: 'reopen', leadId: lead.id }
          : {
              type: 'close-lost',
              leadId: lead.id,
              choices: {
                reasonId: 'price',
                completeOverdueEvents: true,
                completeAllEvents: random() < 0.5,
                notes: '',
                contactGroups: ['live-leads'],
                followUpAt: null,
              },
            };
    } else if (r < 0.8) {
      command = {
        type: 'schedule-event',
        leadId: lead.id,
        event: { eventType: 'follow-up', title: `call ${i}`, dueAt: Date.now() + Math.floor(random() * 10) * 86_400_000 + 3_600_000 },
      };
    } else if (r < 0.87) {
      const events = (await firstValueFrom(store.events$(lead.id))).filter((e) => e.completedAt === 0);
      if (events.length === 0) continue;
      command = { type: 'complete-events', leadId: lead.id, eventIds: [pick(events).id] };
    } else {
      command = {
        type: 'create-lead',
        lead: { customer: { name: `Walk-in ${m.user} ${i}`, email: '', phone: '555-0199' }, vehicle: 'Mazda CX-5', source: 'Walk-in', salespersonId: m.user },
      };
    }
    const result = await store.execute(command);
    if (result.ok) acked.push(result.commandId);
    if (i % 5 === 0) send({ type: 'progress', done: i + 1 });
    // A person's pace, compressed: the server restart lands in the middle of the run.
    await new Promise((r) => setTimeout(r, Math.floor(random() * 30)));
  }
  if (offlineFor > 0) sync.resume();
  send({ type: 'finished', acked });
}

async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, col] of Object.entries(store.database.collections)) {
    for (const doc of await col.find().exec()) {
      const data = doc.toJSON() as Record<string, unknown>;
      if (name === 'activity' && data.kind === 'rejection') continue;
      out[data.id as string] = data;
    }
  }
  return out;
}

process.on('message', (m: Message) => {
  void (async () => {
    try {
      if (m.cmd === 'start') await run(m);
      else if (m.cmd === 'sync') {
        sync.resume();
        await sync.awaitInSync();
        send({ type: 'synced', status: sync.status() });
      } else if (m.cmd === 'snapshot') send({ type: 'snapshot', docs: await snapshot() });
      else if (m.cmd === 'exit') {
        await sync.stop();
        await store.close();
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
    }
  })();
});
// The test's process is gone (it timed out or was killed): nothing is left to report to.
process.on('disconnect', () => process.exit(1));
send({ type: 'ready' });
