import '../follow-up-form/define.js';
import { LeadProgressElement } from './lead-progress.component.js';

if (!customElements.get('lead-progress')) customElements.define('lead-progress', LeadProgressElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-progress': LeadProgressElement;
  }
}

export { LeadProgressElement };
