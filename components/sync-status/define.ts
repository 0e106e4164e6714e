import { SyncStatusElement } from './sync-status.component.js';

if (!customElements.get('sync-status')) customElements.define('sync-status', SyncStatusElement);

declare global {
  interface HTMLElementTagNameMap {
    'sync-status': SyncStatusElement;
  }
}

export { SyncStatusElement };
