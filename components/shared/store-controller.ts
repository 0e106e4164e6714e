/**
 * Binds one Observable to a Lit host: subscribes while the host is connected, unsubscribes when
 * it leaves, and asks the host to render on every value. Elements read `value` during render and
 * never keep their own copy of store state.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

export class ObservableController<T> implements ReactiveController {
  /** The latest value, or undefined before the first one arrives. */
  value: T | undefined = undefined;
  /** The error the observable ended with, if any. */
  error: unknown = undefined;

  private source: Observable<T> | null = null;
  private subscription: Subscription | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onValue?: (value: T) => void,
  ) {
    host.addController(this);
  }

  /** Switches to another source (or none). Same source again is a no-op. */
  observe(source: Observable<T> | null): void {
    if (source === this.source) return;
    this.unsubscribe();
    this.source = source;
    this.value = undefined;
    this.error = undefined;
    if (this.connected) this.subscribe();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
  }

  private subscribe(): void {
    if (!this.source || this.subscription) return;
    this.subscription = this.source.subscribe({
      next: (value) => {
        this.value = value;
        this.onValue?.(value);
        this.host.requestUpdate();
      },
      error: (error: unknown) => {
        this.error = error;
        this.host.requestUpdate();
      },
    });
  }

  private unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }
}
