import { LeadDashboardElement } from './lead-dashboard.component.js';

if (!customElements.get('lead-dashboard')) customElements.define('lead-dashboard', LeadDashboardElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-dashboard': LeadDashboardElement;
  }
}

export { LeadDashboardElement };
