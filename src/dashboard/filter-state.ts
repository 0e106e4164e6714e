/**
 * The dashboard's filter state as attributes, so a host page can preset it in markup and
 * remember it (e.g. in a URL or localStorage) from the `filters-changed` event. Lists are
 * comma-separated with each item URI-encoded; "no progress yet" is the token `none`; custom date
 * bounds are local calendar days (YYYY-MM-DD), both inclusive.
 */
import { INTERESTS } from '../model/index.js';
import type { Interest } from '../model/index.js';
import type { DashboardQuery, DashboardSortField, DateRangeKind, StatusFilter } from '../store/api.js';
import { endOfLocalDay } from '../rules/time.js';

export interface FilterAttributes {
  status: string;
  progress: string;
  interest: string;
  salesperson: string;
  source: string;
  range: string;
  'range-from': string;
  'range-to': string;
  search: string;
  'sort-by': string;
  'sort-direction': string;
}

export const FILTER_ATTRIBUTES = [
  'status',
  'progress',
  'interest',
  'salesperson',
  'source',
  'range',
  'range-from',
  'range-to',
  'search',
  'sort-by',
  'sort-direction',
] as const satisfies readonly (keyof FilterAttributes)[];

export const SORT_FIELDS: readonly DashboardSortField[] = [
  'customer',
  'vehicle',
  'source',
  'salesperson',
  'progress',
  'interest',
  'actionAt',
  'status',
  'createdAt',
];
const STATUSES: readonly StatusFilter[] = ['open', 'closed', 'all'];
const RANGES: readonly DateRangeKind[] = ['now-3', 'today', 'overdue', 'stalled', 'custom'];
const NO_PROGRESS = 'none';
/** The largest epoch ms a Date holds: an open-ended custom range. */
const END_OF_TIME = 8.64e15;

export function parseList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      try {
        return decodeURIComponent(item);
      } catch {
        return item;
      }
    });
}

export function formatList(values: readonly string[] | undefined): string {
  return (values ?? []).map((v) => encodeURIComponent(v)).join(',');
}

/** 'YYYY-MM-DD' of the local day of `ms`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Epoch ms of local midnight of 'YYYY-MM-DD', or null when it is not such a date. */
export function parseLocalDay(day: string | null | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (date.getMonth() !== Number(m[2]) - 1) return null;
  return date.getTime();
}

/** The query the attributes describe; unknown or malformed values fall back to no filter. */
export function queryFromAttributes(attrs: Partial<Record<keyof FilterAttributes, string | null>>): DashboardQuery {
  const status = STATUSES.includes(attrs.status as StatusFilter) ? (attrs.status as StatusFilter) : 'open';
  const query: DashboardQuery = { status };
  const progress = parseList(attrs.progress).map((p) => (p === NO_PROGRESS ? '' : p));
  if (progress.length) query.progress = progress;
  const interest = parseList(attrs.interest).filter((i): i is Interest => (INTERESTS as readonly string[]).includes(i));
  if (interest.length) query.interest = interest;
  const salespersonIds = parseList(attrs.salesperson);
  if (salespersonIds.length) query.salespersonIds = salespersonIds;
  const sources = parseList(attrs.source);
  if (sources.length) query.sources = sources;
  const range = attrs.range as DateRangeKind;
  if (range === 'custom') {
    const from = parseLocalDay(attrs['range-from']);
    const to = parseLocalDay(attrs['range-to']);
    if (from !== null || to !== null) {
      query.range = { kind: 'custom', from: from ?? 0, to: to !== null ? endOfLocalDay(to) : END_OF_TIME };
    }
  } else if (RANGES.includes(range)) {
    query.range = { kind: range as Exclude<DateRangeKind, 'custom'> };
  }
  const text = (attrs.search ?? '').trim();
  if (text) query.text = text;
  const field = attrs['sort-by'] as DashboardSortField;
  if (SORT_FIELDS.includes(field) || attrs['sort-direction'] === 'desc') {
    query.sort = { field: SORT_FIELDS.includes(field) ? field : 'actionAt', direction: attrs['sort-direction'] === 'desc' ? 'desc' : 'asc' };
  }
  return query;
}

/** The attributes describing a query ('' = attribute absent). */
export function attributesFromQuery(query: DashboardQuery): FilterAttributes {
  const range = query.range ?? null;
  return {
    status: query.status ?? 'open',
    progress: formatList((query.progress ?? []).map((p) => (p === '' ? NO_PROGRESS : p))),
    interest: formatList(query.interest),
    salesperson: formatList(query.salespersonIds),
    source: formatList(query.sources),
    range: range?.kind ?? '',
    'range-from': range?.kind === 'custom' && range.from > 0 ? localDay(range.from) : '',
    'range-to': range?.kind === 'custom' && range.to < END_OF_TIME ? localDay(range.to) : '',
    search: query.text ?? '',
    'sort-by': query.sort?.field ?? '',
    'sort-direction': query.sort?.direction ?? '',
  };
}
