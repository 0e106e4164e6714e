/**
 * The one context key every forecourt element uses to reach the store. `Symbol.for` makes two
 * separately bundled copies of the library meet on the same key.
 */
import { createContext } from '@lit/context';
import type { Observable } from 'rxjs';
import type { LeadStore } from '../../src/store/api.js';

export type SyncState = 'connecting' | 'live' | 'offline' | 'paused' | 'unauthorized' | 'error';

/** What the elements read of a sync status; the sync module's status carries at least this. */
export interface SyncStatusView {
  state: SyncState;
  /** Local changes not yet on the server. */
  pendingCount: number;
  /** Epoch ms of the last request the server answered, 0 if never. */
  lastSyncedAt: number;
  /** A readable detail of the last error, if any. */
  error?: string;
  /** Its kind (see SyncStatus.errorCode in src/sync), for wording it in the reader's language. */
  errorCode?: string;
}

export type SyncAuth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'cookie'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'none' };

/**
 * The part of the sync handle (src/sync) the elements use. Declared structurally so elements
 * work with or without the sync module on the page.
 */
export interface SyncLike {
  readonly status$: Observable<SyncStatusView>;
  isOnServer$(docId: string): Observable<boolean>;
  setCredentials(auth: SyncAuth): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** What a provider hands to its descendants: the store, and its sync when one runs. */
export interface StoreHandle {
  readonly store: LeadStore;
  readonly sync: SyncLike | null;
}

export const storeContext = createContext<StoreHandle | undefined>(Symbol.for('forecourt.store'));
