import { html, nothing } from 'lit';
import { formatDateTime, msg, type MsgKey } from '../shared/i18n.js';
import { StoreElement } from '../shared/store-element.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle, SyncStatusView } from '../shared/store-context.js';
import { styles } from './sync-status.styles.js';

/**
 * @summary Where the store stands with its server: connecting, live, offline, paused, sign-in needed or error; how many changes wait to upload; when it last synced.
 *
 * Shows "Local only" when no sync runs (no `server-url`, or sync not enabled on the page).
 *
 * @csspart base - The wrapper (carries `data-state`).
 * @csspart state - The state's name.
 * @csspart pending - The count of changes waiting to upload.
 * @csspart last-sync - When it last synced.
 *
 * @cssprop --lead-color-saved - The live dot.
 * @cssprop --lead-color-danger - The error and sign-in dot.
 * @cssprop --lead-color-muted - Offline, paused and details.
 */
export class SyncStatusElement extends StoreElement {
  static override styles = styles;

  private readonly statusCtl = new ObservableController<SyncStatusView>(this);

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.statusCtl.observe(handle?.sync?.status$ ?? null);
  }

  /** The state shown: the sync's, or 'none' without sync. */
  get state(): string {
    return this.sync ? (this.statusCtl.value?.state ?? 'connecting') : 'none';
  }

  protected override render() {
    const status = this.statusCtl.value;
    const state = this.state;
    return html`<span part="base" role="status" data-state=${state}>
      <span class="dot" aria-hidden="true"></span>
      <span class="state" part="state">${msg(`sync.${state}` as MsgKey)}</span>
      ${status && state !== 'none'
        ? html`${status.pendingCount > 0 ? html`<span class="detail" part="pending">${msg('sync.pending', { count: status.pendingCount })}</span>` : nothing}
            <span class="detail" part="last-sync">${status.lastSyncedAt ? msg('sync.last', { time: formatDateTime(status.lastSyncedAt) }) : msg('sync.never')}</span>
            ${status.error && (state === 'error' || state === 'unauthorized') ? html`<span class="detail">${status.error}</span>` : nothing}`
        : nothing}
    </span>`;
  }
}
