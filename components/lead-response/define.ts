import { LeadResponseElement } from './lead-response.component.js';

if (!customElements.get('lead-response')) customElements.define('lead-response', LeadResponseElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-response': LeadResponseElement;
  }
}

export { LeadResponseElement };
export { addResponseTranslations } from './messages.js';
