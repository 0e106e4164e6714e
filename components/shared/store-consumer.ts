/**
 * How an element reaches the store. It asks for the `forecourt.store` context (subscribed, so a
 * provider that changes its store is followed). When no provider answers, it opens — or joins —
 * the page's one store for its own `dealership`/`database`/`server-url`/`user` attributes. A
 * `<lead-store>` that arrives later (defined or inserted after the element) takes over.
 */
import { ContextEvent } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { storeContext, type StoreHandle } from './store-context.js';
import { openStandaloneHandle, releaseStandaloneHandle, type StandaloneConfig } from './standalone.js';

export type StoreSource = 'pending' | 'provider' | 'standalone' | 'unconfigured' | 'failed';

export class StoreConsumer implements ReactiveController {
  handle: StoreHandle | undefined = undefined;
  source: StoreSource = 'pending';
  error: unknown = undefined;

  private provided = false;
  private unsubscribe: (() => void) | undefined;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private standaloneKey = '';
  private listening = false;
  /** The store handle this element opened itself (no provider); released when it leaves the page. */
  private owned: StoreHandle | undefined = undefined;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly config: () => StandaloneConfig,
    private readonly onChange: (handle: StoreHandle | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    this.request();
    if (this.provided) return;
    this.listen(true);
    // Give a provider defined in the same task a chance to upgrade before opening our own store.
    this.fallbackTimer = setTimeout(() => {
      this.fallbackTimer = undefined;
      if (!this.provided) void this.openStandalone();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.provided = false;
    this.listen(false);
    clearTimeout(this.fallbackTimer);
    this.fallbackTimer = undefined;
    // A move (disconnect and connect in one task) keeps the store; leaving the page releases it,
    // or the database stays open (5 of RxDB's 13 collections per page) after the last element left.
    if (this.owned) {
      this.releaseTimer = setTimeout(() => {
        this.releaseTimer = undefined;
        if (!this.host.isConnected) this.releaseOwned();
      });
    }
  }

  /** Re-reads the standalone attributes (call when they change). */
  configChanged(): void {
    if (!this.provided && this.source !== 'pending') void this.openStandalone();
  }

  /** Stable identity: a provider keys its subscriptions by this function. */
  private readonly callback = (value: StoreHandle | undefined, unsubscribe?: () => void): void => {
    if (this.unsubscribe && this.unsubscribe !== unsubscribe) this.unsubscribe();
    this.unsubscribe = unsubscribe;
    this.provided = true;
    this.listen(false);
    this.source = 'provider';
    this.error = undefined;
    this.set(value);
    this.releaseOwned();
  };

  private request(): void {
    this.host.dispatchEvent(new ContextEvent(storeContext, this.host, this.callback, true));
  }

  private readonly onProviderAppeared = (event: Event): void => {
    if ((event as Event & { context?: unknown }).context !== storeContext) return;
    this.request();
  };

  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) window.addEventListener('context-provider', this.onProviderAppeared);
    else window.removeEventListener('context-provider', this.onProviderAppeared);
  }

  private async openStandalone(): Promise<void> {
    const config = this.config();
    const key = JSON.stringify(config);
    if (key === this.standaloneKey && this.source === 'standalone') return;
    this.standaloneKey = key;
    if (!config.dealership) {
      this.source = 'unconfigured';
      this.set(undefined);
      return;
    }
    try {
      const handle = await openStandaloneHandle(config);
      if (this.provided || key !== this.standaloneKey || !this.host.isConnected) {
        void releaseStandaloneHandle(handle);
        return;
      }
      const previous = this.owned;
      this.owned = handle;
      this.source = 'standalone';
      this.error = undefined;
      this.set(handle);
      // Every open counts one handle, the same store included: give back the one held before.
      if (previous) void releaseStandaloneHandle(previous);
    } catch (error) {
      if (this.provided || key !== this.standaloneKey) return;
      this.source = 'failed';
      this.error = error;
      this.set(undefined);
    }
  }

  /** Gives back the store this element opened itself; when it was in use, the element waits for a store again. */
  private releaseOwned(): void {
    const owned = this.owned;
    this.owned = undefined;
    if (!owned) return;
    if (this.source === 'standalone') {
      this.source = 'pending';
      this.standaloneKey = '';
      this.set(undefined);
    }
    void releaseStandaloneHandle(owned);
  }

  private set(handle: StoreHandle | undefined): void {
    const changed = handle !== this.handle;
    this.handle = handle;
    if (changed) this.onChange(handle);
    this.host.requestUpdate();
  }
}
