import { CloseWonDialogElement } from './close-won-dialog.component.js';

if (!customElements.get('close-won-dialog')) customElements.define('close-won-dialog', CloseWonDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'close-won-dialog': CloseWonDialogElement;
  }
}

export { CloseWonDialogElement };
