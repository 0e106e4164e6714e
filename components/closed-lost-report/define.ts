import { ClosedLostReportElement } from './closed-lost-report.component.js';

if (!customElements.get('closed-lost-report')) customElements.define('closed-lost-report', ClosedLostReportElement);

declare global {
  interface HTMLElementTagNameMap {
    'closed-lost-report': ClosedLostReportElement;
  }
}

export { ClosedLostReportElement };
export { addReportTranslations } from './messages.js';
