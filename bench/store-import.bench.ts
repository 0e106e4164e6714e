/**
 * Where import time goes, in headless Chromium on IndexedDB: 10,000 seeded leads, their events
 * and their activity imported collection by collection, in chunks of 2,000.
 *   node bench/runner.mjs bench/store-import.bench.ts
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
