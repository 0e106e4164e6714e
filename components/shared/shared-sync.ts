/**
 * One replication per store on a page (browsers allow ~6 connections per host): every element
 * and provider that asks for sync of the same store gets the same handle.
 *
 * Sync is optional: it runs once a starter is registered (`enable-sync.ts` registers
 * `startSync` from src/sync; `components/all.ts` imports it). Without one, a `server-url` is
 * ignored and the store stays local.
 */
import type { LeadStore } from '../../src/store/api.js';
import type { SyncAuth, SyncLike } from './store-context.js';

export type SyncStarter = (store: LeadStore, options: { url: string; database?: string; auth: SyncAuth }) => SyncLike;

let starter: SyncStarter | null = null;
const running = new WeakMap<LeadStore, { url: string; sync: SyncLike }>();

export function setSyncStarter(start: SyncStarter | null): void {
  starter = start;
}

export const syncAvailable = (): boolean => starter !== null;

/** The store's replication to `url` (and server `database`, default the dealership id), started on first use; null when sync is not enabled. */
export function sharedSync(store: LeadStore, url: string, auth: SyncAuth, database = ''): SyncLike | null {
  const key = `${url}|${database}`;
  const known = running.get(store);
  if (known && known.url === key) return known.sync;
  if (!starter) return null;
  if (known) void known.sync.stop?.();
  const sync = starter(store, { url, auth, ...(database ? { database } : {}) });
  running.set(store, { url: key, sync });
  return sync;
}

/** Stops and forgets the store's replication (a test ending, a host switching servers). */
export async function stopSharedSync(store: LeadStore): Promise<void> {
  const known = running.get(store);
  running.delete(store);
  await known?.sync.stop?.();
}
