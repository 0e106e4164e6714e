import { CompanySettingsElement } from './company-settings.component.js';

if (!customElements.get('company-settings')) customElements.define('company-settings', CompanySettingsElement);

declare global {
  interface HTMLElementTagNameMap {
    'company-settings': CompanySettingsElement;
  }
}

export { CompanySettingsElement };
export { addSettingsTranslations } from './messages.js';
