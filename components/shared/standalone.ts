/**
 * The "no provider" path: an element alone on a page opens (or joins) the page's one store for
 * its dealership and database, and at most one replication per store.
 */
import { openSharedStore } from '../../src/store/store.js';
import type { LeadStore } from '../../src/store/api.js';
import type { StoreHandle, SyncAuth, SyncLike } from './store-context.js';
import { sharedSync, stopSharedSync } from './shared-sync.js';

export interface StandaloneConfig {
  dealership: string;
  /** Local database name; empty = the store's default for the dealership. */
  database: string;
  serverUrl: string;
  user: string;
}

const handles = new WeakMap<LeadStore, StoreHandle>();

export async function openStandaloneHandle(config: StandaloneConfig, auth: SyncAuth = { kind: 'none' }): Promise<StoreHandle> {
  const store = await openSharedStore({
    dealershipId: config.dealership,
    ...(config.database ? { name: config.database } : {}),
    storage: 'indexeddb',
  });
  if (config.user && store.currentActor()?.userId !== config.user) await store.setActor(config.user);
  const sync: SyncLike | null = config.serverUrl ? sharedSync(store, config.serverUrl, auth) : null;
  const known = handles.get(store);
  if (known && known.sync === sync) return known;
  const handle: StoreHandle = { store, sync: sync ?? known?.sync ?? null };
  handles.set(store, handle);
  return handle;
}

/**
 * Gives back one handle from openStandaloneHandle(). When it was the store's last one, the
 * database is closed by then and its replication is stopped. Never rejects: the element is gone.
 */
export async function releaseStandaloneHandle(handle: StoreHandle): Promise<void> {
  try {
    await handle.store.close();
    if (handle.store.database.closed) {
      handles.delete(handle.store);
      await stopSharedSync(handle.store);
    }
  } catch {
    // Closing a database that another handle removed meanwhile (a test, a sign-out): nothing left to release.
  }
}
