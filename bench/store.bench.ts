/**
 * Store benchmark in headless Chromium on IndexedDB (Dexie storage), run with
 *   node bench/runner.mjs bench/store.bench.ts
 * Prints: importing 10,000 leads with their events; a filtered, sorted dashboard$ query over
 * 10,000 and over 100,000 leads (time to first emission; the store's engine is the in-memory index
 * of src/dashboard); the latency of single commands (median and p95).
 */
import { firstValueFrom } from 'rxjs';
import type { Command, CommandResult, UserDoc } from '../src/model/index.js';
import type { DashboardQuery, LeadStore } from '../src/store/api.js';
import { createStore } from '../src/store/store.js';
import type { LeadDoc } from '../src/model/index.js';
import { generateLeadsInChunks, generateStaff, type SeedOptions } from '../src/seed/index.js';

declare global {
  interface Window {
    benchDone(): void;
  }
}

const NOW = Date.UTC(2025, 5, 11, 10, 0, 0);
const DEALER = 'bench-dealer';
const log = (line: string): void => console.log(line);
const ms = (n: number): string => `${n.toFixed(0)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function importLeads(
  store: LeadStore,
  options: SeedOptions,
  from: number,
  to: number,
  withActivity: boolean,
): Promise<{ leads: number; events: number; activity: number; ms: number }> {
  const staff = generateStaff(options);
  let leads = 0;
  let events = 0;
  let activity = 0;
  let spent = 0;
  for (const chunk of generateLeadsInChunks({ ...options, leads: to }, 2000, staff)) {
    if (chunk.offset < from) continue;
    const t0 = performance.now();
    await store.importDocuments({ leads: chunk.leads, events: chunk.events, ...(withActivity ? { activity: chunk.activity } : {}) });
    spent += performance.now() - t0;
    leads += chunk.leads.length;
    events += chunk.events.length;
    activity += withActivity ? chunk.activity.length : 0;
  }
  return { leads, events, activity, ms: spent };
}

const QUERY: DashboardQuery = {
  status: 'open',
  interest: ['warm', 'hot'],
  range: { kind: 'stalled' },
  sort: { field: 'actionAt', direction: 'desc' },
  limit: 50,
};

async function timeDashboard(label: string, store: LeadStore, leads: number): Promise<void> {
  const t0 = performance.now();
  const page = await firstValueFrom(store.dashboard$(QUERY));
  const first = performance.now() - t0;
  const t1 = performance.now();
  const again = await firstValueFrom(store.dashboard$({ ...QUERY, interest: ['hot'], sort: { field: 'customer', direction: 'asc' } }));
  const second = performance.now() - t1;
  log(
    `${label}: dashboard$ over ${leads.toLocaleString('en')} leads: first emission ${ms(first)} (total ${page.total}, ${page.rows.length} rows); a second, different query ${ms(second)} (total ${again.total})`,
  );
}

async function timeCommands(store: LeadStore, manager: UserDoc, leads: number): Promise<void> {
  await store.setActor(manager.userId);
  const open = await store.database['leads']!.find({ selector: { status: 'open' } }).exec();
  const ids = open
    .map((d) => d.toJSON() as LeadDoc)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .slice(0, 120)
    .map((l) => l.id);
  const policy = await firstValueFrom(store.policy$);
  const reasonId = policy.lostReasons.find((r) => !r.retired)!.id;
  const measure = async (label: string, commands: Command[]): Promise<void> => {
    const times: number[] = [];
    let refused = 0;
    for (const command of commands) {
      const t0 = performance.now();
      const result: CommandResult = await store.execute(command);
      times.push(performance.now() - t0);
      if (!result.ok) {
        refused++;
        if (refused === 1) log(`  (refused: ${result.error.code} ${result.error.message})`);
      }
    }
    times.sort((a, b) => a - b);
    log(
      `${label} over ${leads.toLocaleString('en')} leads: ${commands.length} commands, median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times[times.length - 1]!)}${refused ? `, ${refused} refused` : ''}`,
    );
  };
  const interests = ['cold', 'warm', 'hot'] as const;
  await measure(
    'set-interest',
    ids.slice(0, 50).map((leadId, i) => ({ type: 'set-interest', leadId, interest: interests[i % 3]! })),
  );
  await measure(
    'close-lost',
    ids.slice(50, 100).map((leadId) => ({
      type: 'close-lost',
      leadId,
      choices: {
        reasonId,
        completeOverdueEvents: true,
        completeAllEvents: false,
        notes: 'Bought elsewhere',
        contactGroups: policy.defaultLostContactGroups,
        followUpAt: null,
      },
    })),
  );
  // The same with a dashboard$ subscription open (a page showing the dashboard while a user works).
  const sub = store.dashboard$(QUERY).subscribe();
  await firstValueFrom(store.dashboard$(QUERY));
  await measure(
    'set-interest with the dashboard subscribed',
    ids.slice(100, 120).map((leadId, i) => ({ type: 'set-interest', leadId, interest: interests[i % 3]! })),
  );
  sub.unsubscribe();
}

async function main(): Promise<void> {
  const options: SeedOptions = { seed: 'bench', dealershipId: DEALER, leads: 100_000, now: NOW, audit: false };
  const staff = generateStaff(options);
  const manager = staff.users.find((u) => u.roles.includes('manager') && u.active)!;
  const store = await createStore({ dealershipId: DEALER, name: `bench-store-${Date.now()}`, now: () => NOW });
  try {
    await store.importDocuments({ policy: staff.policy, users: staff.users });
    const first = await importLeads(store, options, 0, 10_000, false);
    log(
      `import: ${first.leads.toLocaleString('en')} leads + ${first.events.toLocaleString('en')} events in ${ms(first.ms)} (${((first.leads + first.events) / (first.ms / 1000)).toFixed(0)} docs/s)`,
    );
    await timeDashboard('10k', store, 10_000);
    await timeCommands(store, manager, 10_000);

    const rest = await importLeads(store, options, 10_000, 100_000, false);
    log(`import: ${rest.leads.toLocaleString('en')} more leads + ${rest.events.toLocaleString('en')} events in ${ms(rest.ms)}`);
    // A fresh store handle so no query is cached: close and reopen the same database.
    const name = store.database.name;
    await store.close();
    const t0 = performance.now();
    const reopened = await createStore({ dealershipId: DEALER, name, now: () => NOW });
    log(`reopen of the 100k database: ${ms(performance.now() - t0)}`);
    try {
      await timeDashboard('100k', reopened, 100_000);
      await timeCommands(reopened, manager, 100_000);
    } finally {
      await reopened.remove();
    }
  } catch (err) {
    log(`bench failed: ${(err as Error).stack ?? String(err)}`);
    if (!store.database.closed) await store.remove();
  }
}

void main().finally(() => window.benchDone());
