/**
 * The health of one store's connection to its server, shared by its replications and its
 * live notifier. Every request waits here while the server is unreachable (with backoff), the
 * credentials were refused (until new ones arrive) or the sync is paused, so a bad state costs
 * one failing request per backoff period rather than a retry storm from each collection.
 */
import { BehaviorSubject } from 'rxjs';
import { CouchClient, CouchError, isAuthError, type RequestOptions, type SyncAuth } from './couch-client.js';
import { Subject } from 'rxjs';
import { DESIGN_DOC_ID } from './couch-replication.js';

export type ConnectionState = 'ok' | 'offline' | 'unauthorized' | 'error' | 'paused' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  error?: string;
  /** The failure's code (`COUCH_401`, `COUCH_NETWORK`, `COUCH_NOT_SET_UP`…), so a UI can word it itself. */
  code?: string;
  /** Epoch ms of the last request the server answered successfully (0 = never). */
  lastOkAt: number;
}

const MIN_BACKOFF = 500;
const MAX_BACKOFF = 30_000;

export class Connection {
  readonly status$: BehaviorSubject<ConnectionStatus>;
  /** Emits when the server answers again after an outage: what was in flight may be lost. */
  readonly recovered$ = new Subject<void>();
  private failures = 0;
  private lastFailureAt = 0;
  private wake: (() => void) | null = null;
  private wakePromise: Promise<void> | null = null;
  private readonly removeOnline: () => void;
  private databaseChecked = false;
  private checkingDatabase: Promise<void> | null = null;

  constructor(readonly client: CouchClient) {
    this.status$ = new BehaviorSubject<ConnectionStatus>({ state: 'ok', lastOkAt: 0 });
    const onOnline = () => this.retryNow();
    const target = globalThis as unknown as { addEventListener?: (t: string, l: () => void) => void; removeEventListener?: (t: string, l: () => void) => void };
    if (typeof target.addEventListener === 'function' && typeof (globalThis as { window?: unknown }).window !== 'undefined') {
      target.addEventListener('online', onOnline);
      this.removeOnline = () => target.removeEventListener?.('online', onOnline);
    } else {
      this.removeOnline = () => {};
    }
  }

  get state(): ConnectionState {
    return this.status$.value.state;
  }

  private set(state: ConnectionState, error?: string, code?: string): void {
    const cur = this.status$.value;
    if (cur.state === state && cur.error === error && cur.code === code) return;
    this.status$.next({ state, lastOkAt: cur.lastOkAt, ...(error ? { error } : {}), ...(code ? { code } : {}) });
  }

  private nextWake(): Promise<void> {
    if (!this.wakePromise) {
      this.wakePromise = new Promise<void>((resolve) => {
        this.wake = () => {
          this.wake = null;
          this.wakePromise = null;
          resolve();
        };
      });
    }
    return this.wakePromise;
  }

  /** Ends every wait now (credentials changed, back online, resumed, stopped). */
  retryNow(): void {
    this.failures = 0;
    this.wake?.();
  }

  setAuth(auth: SyncAuth): void {
    this.client.setAuth(auth);
    if (this.state === 'unauthorized') this.set('ok');
    this.retryNow();
  }

  pause(): void {
    if (this.state === 'stopped') return;
    this.set('paused');
    this.client.abortAll();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.set('ok');
    this.retryNow();
  }

  stop(): void {
    this.set('stopped');
    this.removeOnline();
    this.client.abortAll();
    this.wake?.();
  }

  /** Resolves when a request may be sent; rejects once stopped. */
  async ready(): Promise<void> {
    for (;;) {
      const state = this.state;
      if (state === 'stopped') throw new CouchError('COUCH_ABORTED', 0, 'stopped', 'sync stopped', this.client.dbUrl);
      if (state === 'ok') return;
      if (state === 'paused' || state === 'unauthorized') {
        await this.nextWake();
        continue;
      }
      // offline or error: one request per backoff period finds out whether it is over
      const delay = Math.min(MAX_BACKOFF, MIN_BACKOFF * 2 ** Math.max(0, this.failures - 1));
      const jittered = delay * (0.75 + Math.random() * 0.5);
      await Promise.race([this.nextWake(), new Promise((r) => setTimeout(r, jittered))]);
      return;
    }
  }

  /**
   * Nothing is pulled or pushed until the database is known to hold forecourt's design document
   * (the by_type filter every pull uses, the server's validation): without it each pull fails, and
   * PouchDB Server even crashes on a repeated filtered `_changes`. A missing one is reported as an
   * error saying what to do, and looked for again on the usual backoff.
   */
  private checkDatabase(): Promise<void> {
    this.checkingDatabase ??= (async () => {
      const startedAt = Date.now();
      try {
        await this.client.request(DESIGN_DOC_ID);
        this.databaseChecked = true;
      } catch (err) {
        const reported =
          err instanceof CouchError && err.code === 'COUCH_404'
            ? new CouchError(
                'COUCH_NOT_SET_UP',
                404,
                'not_set_up',
                `the database is not set up for forecourt (${DESIGN_DOC_ID}: ${err.parameters.reason || 'missing'}); an administrator runs forecourt-setup for this dealership`,
                err.parameters.url,
              )
            : err;
        this.failed(reported, startedAt);
        throw reported;
      } finally {
        this.checkingDatabase = null;
      }
    })();
    return this.checkingDatabase;
  }

  async request<T>(path: string, init: RequestOptions = {}): Promise<T> {
    await this.ready();
    if (!this.databaseChecked) await this.checkDatabase();
    const startedAt = Date.now();
    try {
      const result = await this.client.request<T>(path, init);
      this.failures = 0;
      const cur = this.status$.value;
      const now = Date.now();
      // lastOkAt to the second: a status per request would flood the UI.
      if (cur.state === 'offline' || cur.state === 'error' || (cur.state === 'ok' && now - cur.lastOkAt >= 1000)) {
        this.status$.next({ state: 'ok', lastOkAt: now });
      }
      if (cur.state === 'offline' || cur.state === 'error') this.recovered$.next();
      return result;
    } catch (err) {
      this.failed(err, startedAt);
      throw err;
    }
  }

  private failed(err: unknown, startedAt: number): void {
    const state = this.state;
    if (state === 'stopped' || state === 'paused') return;
    const code = err instanceof CouchError ? err.code : '';
    if (code === 'COUCH_ABORTED') return;
    // Requests that were already under way when the last failure was seen tell nothing new:
    // the backoff grows once per failed probe, not once per collection.
    if (startedAt > this.lastFailureAt) this.failures += 1;
    this.lastFailureAt = Date.now();
    if (isAuthError(code)) this.set('unauthorized', (err as Error).message, code);
    else if (code === 'COUCH_NETWORK') this.set('offline', (err as Error).message, code);
    else this.set('error', err instanceof Error ? err.message : String(err), code || 'other');
  }
}
