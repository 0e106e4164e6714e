/**
 * Demo data in the browser: seeds the local database once with the generator, and resets it.
 * A reset deletes the IndexedDB databases before anything opens them (on the next load), since
 * the elements hold the store open while the page lives.
 */
import type { LeadStore } from '../../src/store/api.js';
import { generateLeadsInChunks, generateStaff } from '../../src/seed/index.js';
import { databaseName, seedOptions } from './config.js';

const RESET_FLAG = 'forecourt-demo:reset';
const SEEDED_AT = `forecourt-demo:seeded-at:${databaseName}`;

export function requestReset(): void {
  sessionStorage.setItem(RESET_FLAG, databaseName);
  localStorage.removeItem(SEEDED_AT);
  location.reload();
}

/** Deletes this demo's IndexedDB databases when a reset was requested. Call before opening the store. */
export async function resetIfRequested(): Promise<boolean> {
  if (sessionStorage.getItem(RESET_FLAG) !== databaseName) return false;
  sessionStorage.removeItem(RESET_FLAG);
  const escaped = databaseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ours = new RegExp(`^rxdb-dexie-${escaped}--`);
  const all = await indexedDB.databases();
  await Promise.all(
    all
      .map((d) => d.name ?? '')
      .filter((name) => ours.test(name))
      .map(
        (name) =>
          new Promise<void>((done) => {
            const req = indexedDB.deleteDatabase(name);
            req.onsuccess = req.onerror = req.onblocked = () => done();
          }),
      ),
  );
  return true;
}

export function seededAt(): number {
  return Number(localStorage.getItem(SEEDED_AT)) || 0;
}

/** Seeds the local store when it holds no leads yet. Reports progress; returns the number of leads written. */
export async function seedIfEmpty(store: LeadStore, onProgress: (done: number, total: number) => void): Promise<number> {
  const leads = store.database.collections['leads'];
  if (leads && (await leads.count().exec()) > 0) return 0;
  const now = Date.now();
  const options = seedOptions(now);
  const staff = generateStaff(options);
  await store.importDocuments({ policy: staff.policy, users: staff.users });
  let done = 0;
  onProgress(0, options.leads);
  for (const chunk of generateLeadsInChunks(options, 250, staff)) {
    await store.importDocuments({ leads: chunk.leads, events: chunk.events, activity: chunk.activity });
    done += chunk.leads.length;
    onProgress(done, options.leads);
  }
  localStorage.setItem(SEEDED_AT, String(now));
  return done;
}

/** The demo's people, from the same seed the data (and the server) used: known before any sync. */
export function demoUsers() {
  return generateStaff(seedOptions(0)).users;
}
