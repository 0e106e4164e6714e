import { CloseRequestInboxElement } from './close-request-inbox.component.js';

if (!customElements.get('close-request-inbox')) customElements.define('close-request-inbox', CloseRequestInboxElement);

declare global {
  interface HTMLElementTagNameMap {
    'close-request-inbox': CloseRequestInboxElement;
  }
}

export { CloseRequestInboxElement };
export { addInboxTranslations } from './messages.js';
