import { ContextProvider } from '@lit/context';
import { html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { LeadStore } from '../../src/store/api.js';
import { openSharedStore } from '../../src/store/store.js';
import { emit } from '../shared/events.js';
import { sharedSync, stopSharedSync } from '../shared/shared-sync.js';
import { storeContext, type StoreHandle, type SyncAuth, type SyncLike, type SyncStatusView } from '../shared/store-context.js';
import { styles } from './lead-store.styles.js';

export type AuthMode = 'basic' | 'cookie' | 'bearer' | 'none';
export type Credentials = { username: string; password: string } | { token: string };

/**
 * @summary Provides one lead store (and its sync) to every forecourt element inside it.
 *
 * Opens — or joins — the page's store for `dealership` (and `database`), sets the acting `user`,
 * and when `server-url` is set replicates it to that CouchDB-compatible server. Elements placed
 * outside any `<lead-store>` open the same store from their own attributes; a `<lead-store>`
 * added later takes them over.
 *
 * @slot - The elements that use the store.
 *
 * @fires store-ready - The store is open (detail: `{ store, sync }`); fires again when sync starts.
 * @fires sync-unauthorized - The server needs (other) credentials (detail: `{ url }`); set `credentials`.
 */
export class LeadStoreElement extends LitElement {
  static override styles = styles;

  /** The dealership whose store to open. */
  @property({ reflect: true }) dealership = '';
  /** Local database name (default: the store's default for the dealership). */
  @property({ reflect: true }) database = '';
  /** CouchDB-compatible server URL (e.g. https://couch.example.com) to replicate with; empty = local only. */
  @property({ attribute: 'server-url', reflect: true }) serverUrl = '';
  /** The database on the server (default: the dealership id). */
  @property({ attribute: 'server-database', reflect: true }) serverDatabase = '';
  /** How to authenticate to the server: 'basic' and 'cookie' (a CouchDB session) need `{ username, password }`, 'bearer' needs `{ token }`, 'none' nothing. */
  @property({ reflect: true }) auth: AuthMode = 'basic';
  /** The acting user's id. */
  @property({ reflect: true }) user = '';
  /**
   * Credentials for `auth`: `{ username, password }` for 'basic' and for 'cookie' (which signs in
   * with them at the server's `_session`, then sends the session cookie: browsers send it only to a
   * server on the page's own site unless CouchDB marks it SameSite=None over https), `{ token }` for 'bearer'; 'none' needs
   * none. Until credentials of the right kind are set, the store stays local and `sync-unauthorized`
   * fires. Setting new ones (a refreshed token, a password typed again after `sync-unauthorized`)
   * replaces them in the running sync, which resumes with them. Kept in memory only, never reflected.
   */
  @property({ attribute: false }) credentials: Credentials | null = null;
  /** A store the host opened itself; when set, `dealership`/`database` are ignored. */
  @property({ attribute: false }) store: LeadStore | null = null;

  private readonly provider = new ContextProvider(this, { context: storeContext });
  private opening = 0;
  private statusSubscription: { unsubscribe(): void } | null = null;
  private lastState = '';
  /** The store this element opened from `dealership`/`database` (one handle); released when it leaves the page. */
  private owned: LeadStore | null = null;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  /** The provided handle, once the store is open. */
  get handle(): StoreHandle | undefined {
    return this.provider.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.statusSubscription?.unsubscribe();
    this.statusSubscription = null;
    // A move (disconnect and connect in one task) keeps the store; leaving the page closes it, or
    // its database stays open (5 of RxDB's 13 collections per page) with nobody using it.
    if (this.owned) {
      this.releaseTimer = setTimeout(() => {
        this.releaseTimer = undefined;
        if (!this.isConnected) this.releaseOwned();
      });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.hasUpdated && !this.handle && !this.store && this.dealership) void this.open();
    if (this.handle?.sync) this.watchSync(this.handle.sync);
  }

  private releaseOwned(): void {
    const owned = this.owned;
    this.owned = null;
    if (!owned) return;
    ++this.opening;
    this.provider.setValue(undefined);
    void release(owned);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('store') || changed.has('dealership') || changed.has('database')) {
      void this.open();
    } else if (changed.has('user') || changed.has('serverUrl') || changed.has('serverDatabase') || changed.has('auth') || changed.has('credentials')) {
      const store = this.handle?.store;
      if (store) void this.configure(store, ++this.opening, changed.has('credentials'));
    }
  }

  private async open(): Promise<void> {
    const attempt = ++this.opening;
    const opened =
      !this.store && this.dealership
        ? await openSharedStore({ dealershipId: this.dealership, ...(this.database ? { name: this.database } : {}), storage: 'indexeddb' })
        : null;
    if (attempt !== this.opening || (opened && !this.isConnected)) {
      if (opened) void release(opened);
      return;
    }
    // Every open counts one handle, the same store included: give back the one held before.
    const previous = this.owned;
    this.owned = opened;
    if (previous) void release(previous);
    const store = this.store ?? opened;
    if (!store) {
      this.provider.setValue(undefined);
      return;
    }
    await this.configure(store, attempt, false);
  }

  private async configure(store: LeadStore, attempt: number, credentialsChanged: boolean): Promise<void> {
    if (this.user && store.currentActor()?.userId !== this.user) await store.setActor(this.user);
    if (attempt !== this.opening) return;
    let sync: SyncLike | null = null;
    const auth = this.syncAuth();
    if (this.serverUrl && auth) {
      sync = sharedSync(store, this.serverUrl, auth, this.serverDatabase);
      if (sync && credentialsChanged) await sync.setCredentials(auth);
    } else if (this.serverUrl) {
      emit(this, 'sync-unauthorized', { url: this.serverUrl });
    }
    const known = this.handle;
    if (known && known.store === store && known.sync === sync) return;
    this.provider.setValue({ store, sync });
    if (sync) this.watchSync(sync);
    emit(this, 'store-ready', { store, sync });
  }

  /** The sync auth for the current attributes, or null when credentials are still missing. */
  private syncAuth(): SyncAuth | null {
    const c = this.credentials;
    switch (this.auth) {
      case 'basic':
        return c && 'username' in c ? { kind: 'basic', username: c.username, password: c.password } : null;
      case 'bearer':
        return c && 'token' in c ? { kind: 'bearer', token: c.token } : null;
      case 'none':
        return { kind: 'none' };
      default:
        return c && 'username' in c ? { kind: 'cookie', username: c.username, password: c.password } : null;
    }
  }

  private watchSync(sync: SyncLike): void {
    this.statusSubscription?.unsubscribe();
    this.lastState = '';
    this.statusSubscription = sync.status$.subscribe((status: SyncStatusView) => {
      if (status.state === 'unauthorized' && this.lastState !== 'unauthorized') emit(this, 'sync-unauthorized', { url: this.serverUrl });
      this.lastState = status.state;
    });
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

/** Gives back one handle; when it was the store's last one, the database is closed by then and its replication stopped. */
async function release(store: LeadStore): Promise<void> {
  try {
    await store.close();
    if (store.database.closed) await stopSharedSync(store);
  } catch {
    // A database removed meanwhile by another handle (a test, a sign-out): nothing left to release.
  }
}
