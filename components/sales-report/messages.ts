/**
 * The sales report's texts, following the shared layer's locale (`<html lang>` / setLocale); a
 * host adds a language with `addSalesReportTranslations`. Counted messages have a key per plural
 * category (`.one`, `.other`, … as Intl.PluralRules names them), `.other` being the fallback.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'sales.label': 'Sales',
  'sales.loading': 'Loading the report…',
  'sales.controls': 'Sales report options',
  'sales.group-by': 'Group by',
  'sales.dimension.salesperson': 'Salesperson',
  'sales.dimension.source': 'Source',
  'sales.dimension.period': 'Period',
  'sales.period': 'Period length',
  'sales.period.day': 'Day',
  'sales.period.week': 'Week',
  'sales.period.month': 'Month',
  'sales.period.quarter': 'Quarter',
  'sales.from': 'Sold from',
  'sales.to': 'Sold until',
  'sales.summary.one': '{count} sale recorded: {open} still open for delivery or follow-up, {won} closed as won.',
  'sales.summary.other': '{count} sales recorded: {open} still open for delivery or follow-up, {won} closed as won.',
  'sales.lost-after-sale': '{count} left out: sold, then closed as lost.',
  'sales.empty': 'No sales were recorded in this period.',
  'sales.chart': 'Sales by {dimension}',
  'sales.bar': '{label}: {count} ({share})',
  'sales.table': 'Sales by {dimension}, still open and closed as won',
  'sales.count': 'Sales',
  'sales.share': 'Share',
  'sales.share-csv': 'Share (%)',
  'sales.open': 'Still open',
  'sales.won': 'Closed won',
  'sales.total': 'Total',
  'sales.unassigned': 'Unassigned',
  'sales.no-source': 'No source',
  'sales.week-of': 'Week of {date}',
  'sales.quarter': 'Q{quarter} {year}',
  'sales.download': 'Download sales CSV',
} as const;

export type SalesReportMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<SalesReportMsgKey, string>>>([['en', en]]);

export function addSalesReportTranslations(locale: string, messages: Partial<Record<SalesReportMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: SalesReportMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A counted message: `<base>.<plural category>` for the locale, else `<base>.other`; `{count}` is the number. */
export function tCount(base: 'sales.summary', count: number, params: Record<string, string | number> = {}): string {
  let category = 'other';
  try {
    category = new Intl.PluralRules(currentLocale()).select(count);
  } catch {
    // an unknown locale tag: 'other'
  }
  const key = (`${base}.${category}` in en ? `${base}.${category}` : `${base}.other`) as SalesReportMsgKey;
  return t(key, { count: new Intl.NumberFormat(currentLocale()).format(count), ...params });
}
