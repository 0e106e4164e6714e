/**
 * The base of every element that reads the store: the "no provider" attributes and the store
 * consumer. Subclasses react to a new store in `storeChanged` and read `this.store`.
 */
import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { LeadStore } from '../../src/store/api.js';
import { StoreConsumer } from './store-consumer.js';
import type { StoreHandle, SyncLike } from './store-context.js';

export class StoreElement extends LitElement {
  /** Dealership id, used only when no `<lead-store>` provides the store. */
  @property({ reflect: true }) dealership = '';
  /** Local database name, used only when no provider is present (default: the dealership's). */
  @property({ reflect: true }) database = '';
  /** CouchDB URL to sync with, used only when no provider is present. */
  @property({ attribute: 'server-url', reflect: true }) serverUrl = '';
  /** The acting user's id, used only when no provider is present. */
  @property({ reflect: true }) user = '';

  protected readonly storeConsumer = new StoreConsumer(
    this,
    () => ({ dealership: this.dealership, database: this.database, serverUrl: this.serverUrl, user: this.user }),
    (handle) => this.storeChanged(handle),
  );

  get store(): LeadStore | undefined {
    return this.storeConsumer.handle?.store;
  }

  get sync(): SyncLike | null {
    return this.storeConsumer.handle?.sync ?? null;
  }

  /** Called whenever the store handle changes (a provider answered, a fallback opened). */
  protected storeChanged(_handle: StoreHandle | undefined): void {}

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('dealership') || changed.has('database') || changed.has('serverUrl') || changed.has('user')) {
      if (this.hasUpdated) this.storeConsumer.configChanged();
    }
  }
}
