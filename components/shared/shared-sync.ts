/**
 * One replication per store on a page (browsers allow ~6 connections per host): every element
 * and provider that asks for sync of the same store gets the same handle.
 */
import { startSync } from '../../src/sync/sync.js';
import type { LeadStore } from '../../src/store/api.js';
import type { SyncAuth, SyncLike } from './store-context.js';

const running = new WeakMap<LeadStore, { url: string; sync: SyncLike }>();

export function sharedSync(store: LeadStore, url: string, auth: SyncAuth): SyncLike {
  const known = running.get(store);
  if (known && known.url === url) return known.sync;
  if (known) void known.sync.stop?.();
  const sync = startSync(store, { url, auth }) as unknown as SyncLike;
  running.set(store, { url, sync });
  return sync;
}

/** Stops and forgets the store's replication (a provider being removed, a test ending). */
export async function stopSharedSync(store: LeadStore): Promise<void> {
  const known = running.get(store);
  running.delete(store);
  await known?.sync.stop?.();
}
