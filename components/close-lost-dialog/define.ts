import { CloseLostDialogElement } from './close-lost-dialog.component.js';

if (!customElements.get('close-lost-dialog')) customElements.define('close-lost-dialog', CloseLostDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'close-lost-dialog': CloseLostDialogElement;
  }
}

export { CloseLostDialogElement };
