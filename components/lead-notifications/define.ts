import { LeadNotificationsElement } from './lead-notifications.component.js';

if (!customElements.get('lead-notifications')) customElements.define('lead-notifications', LeadNotificationsElement);

declare global {
  interface HTMLElementTagNameMap {
    'lead-notifications': LeadNotificationsElement;
  }
}

export { LeadNotificationsElement };
export { addNotificationTranslations } from './messages.js';
