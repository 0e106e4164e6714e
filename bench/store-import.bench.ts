/**
 * Where import time goes, in headless Chromium on IndexedDB: 10,000 seeded leads, their events
 * and their activity imported collection by collection, in chunks of 2,000.
 *   node bench/runner.mjs bench/store-import.bench.ts
 *
 * Measured on the 2-core machine (figures swing ×1.5 with the other engineers' load): the import
 * writes straight to the storage (no hooks, no RxDocument per document), which gained 10–20 % at
 * best; chunks of 500 to 10,000, two or four chunks in flight, leads and events in parallel,
 * multiInstance off and Dexie's unwrapped storage instance all took the same time. The cost is
 * IndexedDB's (≈ 130–250 µs per document, RxDB's own published Dexie figure is ≈ 140 µs). The
 * one lever left is the number of indexes: without the events' [assigneeId, dueAt] and dueAt
 * (no reader uses them yet) 38,303 events took 5.0 s instead of 5.7–6.1 s; dropping them changes
 * the schema, so existing IndexedDB data would need a schema version and a migration.
 */
import { createStore } from '../src/store/store.js';
import { generateDealership } from '../src/seed/index.js';

declare global {
  interface Window {
    benchDone(): void;
  }
}

const NOW = Date.UTC(2025, 5, 11, 10, 0, 0);

async function main(): Promise<void> {
  const data = generateDealership({ seed: 'bench', dealershipId: 'bench-dealer', leads: 10_000, now: NOW });
  const store = await createStore({ dealershipId: 'bench-dealer', name: `bench-import-${Date.now()}`, now: () => NOW });
  try {
    await store.importDocuments({ policy: data.policy, users: data.users });
    for (const [name, docs] of [
      ['leads', data.leads],
      ['events', data.events],
      ['activity', data.activity],
    ] as Array<[string, unknown[]]>) {
      const t0 = performance.now();
      await store.importDocuments({ [name]: docs });
      const spent = performance.now() - t0;
      console.log(`import ${name}: ${docs.length.toLocaleString('en')} docs in ${spent.toFixed(0)} ms (${(docs.length / (spent / 1000)).toFixed(0)} docs/s)`);
    }
  } finally {
    await store.remove();
  }
}

main()
  .catch((err) => console.log(`bench failed: ${(err as Error).stack ?? String(err)}`))
  .finally(() => window.benchDone());
