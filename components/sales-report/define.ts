import { SalesReportElement } from './sales-report.component.js';

if (!customElements.get('sales-report')) customElements.define('sales-report', SalesReportElement);

declare global {
  interface HTMLElementTagNameMap {
    'sales-report': SalesReportElement;
  }
}

export { SalesReportElement };
export { addSalesReportTranslations } from './messages.js';
