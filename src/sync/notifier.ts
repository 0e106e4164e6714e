/**
 * One live long-poll per store on the database's unfiltered `_changes` (browsers allow about six
 * connections per host): it only learns which collections changed, and the caller re-syncs
 * those replications, whose pull handlers read the filtered feed from their checkpoints.
 */
import type { Connection } from './connection.js';
import { collectionOfId, SYNCED_COLLECTIONS, type SyncedCollection } from './couch-docs.js';

interface LongPollResponse {
  results: { id: string }[];
  last_seq: string | number;
}

export class LiveNotifier {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private poll: AbortController | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly onChange: (collections: SyncedCollection[]) => void,
    /** True once the notifier listens: from then on no server change can be missed. */
    private readonly onListening: (listening: boolean) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  stop(): Promise<void> {
    this.running = false;
    this.poll?.abort();
    return this.loop;
  }

  /** Drops the current long-poll (after an outage it may hang on a dead connection) and starts over. */
  restart(): void {
    this.poll?.abort();
  }

  private async run(): Promise<void> {
    let since: string | number | null = null;
    while (this.running) {
      try {
        if (since === null) {
          // Start from the current sequence, then re-sync everything once: changes made before
          // it come through the re-sync, changes after it through the long-poll.
          const info = await this.connection.request<{ update_seq: string | number }>('');
          since = info.update_seq;
          this.onListening(true);
          this.onChange([...SYNCED_COLLECTIONS]);
          continue;
        }
        this.poll = new AbortController();
        const res: LongPollResponse = await this.connection.request<LongPollResponse>(
          `_changes?feed=longpoll&timeout=25000&limit=200&since=${encodeURIComponent(String(since))}`,
          // CouchDB answers after `timeout`; PouchDB Server ignores it, so we give up later and poll again.
          { timeoutMs: 60_000, signal: this.poll.signal },
        );
        since = res.last_seq;
        const touched = new Set<SyncedCollection>();
        for (const row of res.results) {
          const name = collectionOfId(row.id);
          if (name) touched.add(name);
        }
        if (touched.size) this.onChange([...touched]);
      } catch {
        // The connection records the failure and holds the next request back (offline, 401…).
        // After an outage, start again from the current sequence with a full re-sync.
        if (since !== null) this.onListening(false);
        since = null;
        if (this.connection.state === 'stopped') break;
      }
    }
  }
}
