/**
 * The dashboard's texts. They follow the shared layer's locale (`<html lang>` / setLocale) and its
 * Intl formatting; a host adds a language with `addDashboardTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'dashboard.label': 'Lead dashboard',
  'dashboard.loading': 'Loading leads…',
  'dashboard.loaded-so-far': '{count} so far',
  'dashboard.empty': 'No leads match these filters.',
  'dashboard.total': '{count} leads',
  'filters.label': 'Filters',
  'filters.status': 'Status',
  'filters.status.open': 'Open',
  'filters.status.closed': 'Closed',
  'filters.status.all': 'All',
  'filters.progress': 'Progress',
  'filters.interest': 'Interest',
  'filters.salesperson': 'Salesperson',
  'filters.source': 'Source',
  'filters.range': 'Action date',
  'filters.range.any': 'Any date',
  'filters.range.now-3': 'Now ± 3 days',
  'filters.range.today': 'Today',
  'filters.range.overdue': 'Overdue',
  'filters.range.stalled': 'Stalled',
  'filters.range.custom': 'Custom range',
  'filters.range.from': 'From',
  'filters.range.to': 'To',
  'filters.search': 'Search leads',
  'filters.search-placeholder': 'Name, email, phone, vehicle, source',
  'filters.selected': '{count} selected',
  'filters.any': 'Any',
  'filters.clear': 'Clear filters',
  'progress.none': 'No progress yet',
  'col.select': 'Select',
  'col.customer': 'Customer',
  'col.vehicle': 'Vehicle of interest',
  'col.source': 'Source',
  'col.salesperson': 'Salesperson',
  'col.progress': 'Progress',
  'col.interest': 'Interest',
  'col.actionAt': 'Action date',
  'col.status': 'Status',
  'col.actions': 'Actions',
  'sort.by': 'Sort by {column}',
  'status.open': 'Open',
  'status.close-requested': 'Open · close requested',
  'status.closed-lost': 'Closed · lost',
  'status.closed-won': 'Closed · won',
  'status.closed': 'Closed',
  'interest.mark': 'Interest: {interest}',
  'row.select': 'Select {customer}',
  'row.open': 'Open',
  'row.progress': 'Progress',
  'row.close': 'Close',
  'row.open-label': 'Open lead of {customer}',
  'row.progress-label': 'Update progress of {customer}',
  'row.close-label': 'Close lead of {customer}',
  'grid.keyboard-help': 'Arrow keys move between rows, Space selects, Enter opens.',
  'grid.keyboard-help-no-select': 'Arrow keys move between rows, Enter opens.',
  'panel.close': 'Close panel',
  'panel.widget-missing': 'The <{tag}> element is not loaded on this page.',
  'panel.closed-lost': 'Lead of {customer} closed as lost.',
  'panel.closed-won': 'Lead of {customer} closed as won.',
  'panel.close-requested': 'Close request for {customer} sent to a manager.',
  'bulk.label': 'Bulk Manage',
  'bulk.selected': '{count} selected',
  'bulk.select-all': 'Select all {count} matching',
  'bulk.clear': 'Clear selection',
  'bulk.close-lost': 'Close lost…',
  'bulk.update-progress': 'Update progress…',
  'bulk.allocate': 'Allocate…',
  'bulk.title.close-lost': 'Close {count} leads as lost',
  'bulk.title.update-progress': 'Update progress of {count} leads',
  'bulk.title.allocate': 'Allocate {count} leads',
  'bulk.step': 'Step to tick',
  'bulk.note': 'Progress note',
  'bulk.salesperson': 'Salesperson',
  'bulk.choose': 'Choose…',
  'bulk.apply': 'Apply to {count} leads',
  'bulk.cancel': 'Cancel',
  'bulk.running': 'Updating leads: {done} of {total}',
  'bulk.summary': '{succeeded} of {total} leads done.',
  'bulk.summary-requested': '{count} became close-lost requests to a manager.',
  'bulk.summary-refused': '{count} refused: {reason}',
  'bulk.dismiss': 'Dismiss',
  'bulk.interrupted': 'A bulk update was interrupted ({done} of {total} done).',
  'bulk.resume': 'Resume',
  'bulk.required': 'Choose a value first.',
} as const;

export type DashboardMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<DashboardMsgKey, string>>>([['en', en]]);

export function addDashboardTranslations(locale: string, messages: Partial<Record<DashboardMsgKey, string>>): void {
  catalogues.set(locale, { ...(catalogues.get(locale) ?? {}), ...messages });
}

export function t(key: DashboardMsgKey, params?: Record<string, string | number>): string {
  const locale = currentLocale();
  let text: string = en[key];
  for (const candidate of [locale, locale.split('-')[0] ?? locale]) {
    const found = catalogues.get(candidate)?.[key];
    if (found !== undefined) {
      text = found;
      break;
    }
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// One Intl formatter per locale: creating one per row and render costs more than the render.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function dateText(ms: number): string {
  const locale = currentLocale();
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })));
  return format.format(ms);
}

export function numberText(n: number): string {
  const locale = currentLocale();
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}
