/**
 * Keeps a DashboardIndex live on the leads collection: subscribes to its change stream first,
 * loads every lead once in small pages (raw storage rows, without building 100,000 RxDocuments; the
 * next page is read while the current one is indexed, and the event loop gets a turn between
 * pages, so the page stays responsive), then applies the buffered and later changes in order —
 * so no write during the load is lost, and replication, other tabs and local commands all reach
 * the index the same way.
 */
import type { Observable, Subscription } from 'rxjs';
import { map } from 'rxjs';
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import type { LeadDoc } from '../model/index.js';
import type { LeadStore } from '../store/api.js';
import { DashboardIndex } from './dashboard-index.js';
import { dexiePageReader } from './dexie-pages.js';
import type { PageReader } from './dexie-pages.js';
import type { LeadChange } from './dashboard-index.js';
import type { LeadProjectionInput } from './row.js';

/** Where the leads come from: every lead, page by page, and the changes after the subscription. */
export interface LeadFeed {
  readonly changes$: Observable<readonly LeadChange[]>;
  /** Every lead once, in pages of at most `size`. A lead changed meanwhile may come twice or not at all: changes$ has it. */
  pages(size: number): AsyncIterable<readonly LeadProjectionInput[]>;
}

export interface LiveDashboardIndex {
  readonly index: DashboardIndex;
  /** Resolves once every lead is loaded. */
  readonly ready: Promise<void>;
  /** How many leads are loaded so far (all of them once `ready` resolved); `index.changed$` emits after each page. */
  loaded(): number;
  close(): void;
}

type LeadCollection = RxCollection<LeadDoc>;

/**
 * Leads per page. A page is decoded from IndexedDB in one main-thread task: measured in Chromium on
 * 100,000 leads, pages of 500 loaded in 5.6–6.3 s with no task of 50 ms or more, pages of 1,000–5,000
 * in 6.6–13 s with tasks of up to 160–290 ms (input waits that long).
 */
export const PAGE_SIZE = 500;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

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
    async *pages(size: number) {
      const read: PageReader = (await dexiePageReader(collection)) ?? ((after, n) => readPage(collection, after, n));
      let pending: Promise<LeadDoc[]> | null = read(null, size);
      while (pending) {
        const page: LeadDoc[] = await pending;
        const last = page.at(-1);
        // Read the next page while the caller indexes this one.
        pending = page.length === size && last ? read({ actionAt: last.actionAt, id: last.id }, size) : null;
        yield page;
      }
    },
  };
}

/**
 * One page in (actionAt, id) order on the action-date index: the leads after `after` — first its
 * ties (same action date, greater id), then later action dates. Both are exact index ranges, so a
 * page costs its own rows only, however many leads share an action date.
 */
async function readPage(collection: LeadCollection, after: { actionAt: number; id: string } | null, size: number): Promise<LeadDoc[]> {
  const run = async (selector: MangoQuerySelector<LeadDoc>, limit: number): Promise<LeadDoc[]> => {
    const prepared = collection.find({ selector, sort: [{ actionAt: 'asc' }, { id: 'asc' }], limit, index: ['actionAt', 'id'] }).getPreparedQuery();
    const result = await collection.storageInstance.query(prepared);
    return result.documents as unknown as LeadDoc[];
  };
  if (after === null) return run({}, size);
  const ties = await run({ actionAt: { $eq: after.actionAt }, id: { $gt: after.id } }, size);
  if (ties.length === size) return ties;
  const later = await run({ actionAt: { $gt: after.actionAt } }, size - ties.length);
  return ties.length === 0 ? later : [...ties, ...later];
}

function isFeed(source: unknown): source is LeadFeed {
  return typeof (source as LeadFeed).pages === 'function';
}

function isStore(source: unknown): source is LeadStore {
  return typeof (source as LeadStore).dashboard$ === 'function' && (source as LeadStore).database !== undefined;
}

export function createDashboardIndex(source: LeadStore | LeadCollection | LeadFeed, options: { pageSize?: number } = {}): LiveDashboardIndex {
  const feed = isFeed(source) ? source : collectionFeed(isStore(source) ? (source.database['leads'] as LeadCollection) : source);
  const index = new DashboardIndex();
  let buffered: (readonly LeadChange[])[] | null = [];
  let closed = false;
  const subscription: Subscription = feed.changes$.subscribe((changes) => {
    if (buffered) buffered.push(changes);
    else index.apply(changes);
  });
  const ready = (async () => {
    for await (const page of feed.pages(options.pageSize ?? PAGE_SIZE)) {
      if (closed) return;
      index.load(page);
      await yieldToEventLoop();
    }
    if (closed) return;
    const pending = buffered ?? [];
    buffered = null;
    for (const changes of pending) index.apply(changes);
    // After the caller's first query and paint, not before them.
    setTimeout(() => {
      if (!closed) index.warm();
    }, 250);
  })();
  return {
    index,
    ready,
    loaded: () => index.size,
    close() {
      closed = true;
      subscription.unsubscribe();
      index.complete();
    },
  };
}
