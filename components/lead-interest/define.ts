import { LeadInterestElement } from './lead-interest.component.js';

if (!customElements.get('lead-interest')) customElements.define('lead-interest', LeadInterestElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-interest': LeadInterestElement;
  }
}

export { LeadInterestElement };
