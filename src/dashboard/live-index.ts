/**
 * Keeps a DashboardIndex live on the leads collection: subscribes to its change stream first,
 * loads every lead once (raw storage rows, without building 100,000 RxDocuments), then applies
 * the buffered and later changes in order — so no write between the load and the subscription
 * is lost, and replication, other tabs and local commands all reach the index the same way.
 */
import type { Observable, Subscription } from 'rxjs';
import { map } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { LeadDoc } from '../model/index.js';
import type { LeadStore } from '../store/api.js';
import { DashboardIndex } from './dashboard-index.js';
import type { LeadChange } from './dashboard-index.js';
import type { LeadProjectionInput } from './row.js';

/** Where the leads come from: a snapshot and the changes after it. */
export interface LeadFeed {
  readonly changes$: Observable<readonly LeadChange[]>;
  loadAll(): Promise<readonly LeadProjectionInput[]>;
}

export interface LiveDashboardIndex {
  readonly index: DashboardIndex;
  /** Resolves once every lead is loaded. */
  readonly ready: Promise<void>;
  close(): void;
}

type LeadCollection = RxCollection<LeadDoc>;

export function collectionFeed(collection: LeadCollection): LeadFeed {
  return {
    changes$: collection.eventBulks$.pipe(
      map((bulk) =>
        bulk.events.map((event): LeadChange =>
          event.operation === 'DELETE' || event.documentData._deleted
            ? { op: 'delete', id: event.documentId }
            : { op: 'upsert', lead: event.documentData as LeadDoc },
        ),
      ),
    ),
    async loadAll() {
      const prepared = collection.find().getPreparedQuery();
      const result = await collection.storageInstance.query(prepared);
      return result.documents as unknown as LeadDoc[];
    },
  };
}

function isFeed(source: unknown): source is LeadFeed {
  return typeof (source as LeadFeed).loadAll === 'function';
}

function isStore(source: unknown): source is LeadStore {
  return typeof (source as LeadStore).dashboard$ === 'function' && (source as LeadStore).database !== undefined;
}

export function createDashboardIndex(source: LeadStore | LeadCollection | LeadFeed): LiveDashboardIndex {
  const feed = isFeed(source)
    ? source
    : collectionFeed(isStore(source) ? (source.database['leads'] as LeadCollection) : source);
  const index = new DashboardIndex();
  let buffered: (readonly LeadChange[])[] | null = [];
  let closed = false;
  const subscription: Subscription = feed.changes$.subscribe((changes) => {
    if (buffered) buffered.push(changes);
    else index.apply(changes);
  });
  const ready = feed.loadAll().then((leads) => {
    if (closed) return;
    index.apply(leads.map((lead) => ({ op: 'upsert', lead })));
    const pending = buffered ?? [];
    buffered = null;
    for (const changes of pending) index.apply(changes);
    // After the caller's first query and paint, not before them.
    setTimeout(() => {
      if (!closed) index.warm();
    }, 250);
  });
  return {
    index,
    ready,
    close() {
      closed = true;
      subscription.unsubscribe();
      index.complete();
    },
  };
}
