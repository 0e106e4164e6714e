import { html, nothing } from 'lit';
import { formatDateTime, msg, msgCount, type MsgKey } from '../shared/i18n.js';
import { StoreElement } from '../shared/store-element.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle, SyncStatusView } from '../shared/store-context.js';
import { styles } from './sync-status.styles.js';

/** The failure in the reader's language where its kind is known; the sync's own text otherwise. */
function errorText(status: SyncStatusView): string {
  const code = status.errorCode ?? '';
  if (code === 'COUCH_NOT_SET_UP') return msg('sync.error.not-set-up');
  if (code === 'COUCH_403') return msg('sync.error.forbidden');
  if (code === 'COUCH_COOKIE_BLOCKED') return msg('sync.error.cookie-blocked');
  if (code === 'COUCH_401') return msg('sync.error.unauthorized');
  if (/^COUCH_5\d\d$/.test(code)) return msg('sync.error.server');
  return status.error ?? '';
}

/**
 * @summary Where the store stands with its server: connecting, live, offline, paused, sign-in needed or error; how many changes wait to upload; when it last synced.
 *
 * Shows "Local only" when no sync runs (no `server-url`, or sync not enabled on the page).
 * Screen readers hear the state (and, for an error or a refused sign-in, why) politely, each
 * time it changes; the count of waiting changes and the last-sync time are there to read but
 * not announced, so an upload or a clock tick does not interrupt.
 *
 * @csspart base - The wrapper (carries `data-state`).
 * @csspart state - The state's name.
 * @csspart error - Why sync stopped (in the error and sign-in needed states).
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
    const details = status && state !== 'none';
    return html`<span part="base" data-state=${state}>
      <span class="announced" role="status">
        <span class="dot" aria-hidden="true"></span>
        <span class="state" part="state">${msg(`sync.${state}` as MsgKey)}</span>
        ${details && status.error && (state === 'error' || state === 'unauthorized') ? html`<span class="detail" part="error">${errorText(status)}</span>` : nothing}
      </span>
      ${
        details
          ? html`${status.pendingCount > 0 ? html`<span class="detail" part="pending">${msgCount('sync.pending', status.pendingCount)}</span>` : nothing}
            <span class="detail" part="last-sync">${status.lastSyncedAt ? msg('sync.last', { time: formatDateTime(status.lastSyncedAt) }) : msg('sync.never')}</span>`
          : nothing
      }
    </span>`;
  }
}
