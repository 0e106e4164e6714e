import { LeadActivityElement } from './lead-activity.component.js';

if (!customElements.get('lead-activity')) customElements.define('lead-activity', LeadActivityElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-activity': LeadActivityElement;
  }
}

export { LeadActivityElement };
