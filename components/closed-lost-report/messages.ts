/**
 * The report's texts, following the shared layer's locale (`<html lang>` / setLocale); a host
 * adds a language with `addReportTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'report.label': 'Closed lost reasons',
  'report.loading': 'Loading the report…',
  'report.controls': 'Report options',
  'report.group-by': 'Group by',
  'report.dimension.reason': 'Reason',
  'report.dimension.salesperson': 'Salesperson',
  'report.dimension.source': 'Source',
  'report.dimension.period': 'Period',
  'report.period': 'Period length',
  'report.period.day': 'Day',
  'report.period.week': 'Week',
  'report.period.month': 'Month',
  'report.period.quarter': 'Quarter',
  'report.from': 'Closed from',
  'report.to': 'Closed until',
  'report.summary': '{total} leads closed as lost.',
  'report.hidden': '{hidden} left out: their reasons are hidden from reports.',
  'report.empty': 'No leads were closed as lost in this period.',
  'report.chart': 'Leads closed as lost by {dimension}',
  'report.bar': '{label}: {count} ({share})',
  'report.table': 'Leads closed as lost by {dimension}, with the reasons',
  'report.count': 'Leads',
  'report.share': 'Share',
  'report.share-csv': 'Share (%)',
  'report.total': 'Total',
  'report.no-reason': 'No reason given',
  'report.week-of': 'Week of {date}',
  'report.quarter': 'Q{quarter} {year}',
  'report.download': 'Download CSV',
} as const;

export type ReportMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<ReportMsgKey, string>>>([['en', en]]);

export function addReportTranslations(locale: string, messages: Partial<Record<ReportMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: ReportMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
