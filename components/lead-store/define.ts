import { LeadStoreElement } from './lead-store.component.js';

if (!customElements.get('lead-store')) customElements.define('lead-store', LeadStoreElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-store': LeadStoreElement;
  }
}

export { LeadStoreElement };
