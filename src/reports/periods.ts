/**
 * Calendar periods for reports, cut in a given IANA time zone so a dealership's month is its own
 * month wherever the report is read. No Date local-time methods: the runtime's zone never leaks in.
 */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter';
export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter'];

export interface CalendarDay {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(key, f);
  }
  return f;
}

/** The calendar day of an instant in a time zone (the runtime's when none is given). */
export function calendarDay(ms: number, timeZone?: string): CalendarDay {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: get('year'), month: get('month'), day: get('day') };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The period holding a day: a sortable key and its first day as UTC midnight. Weeks are ISO weeks (Monday first). */
export function periodOf(d: CalendarDay, unit: PeriodUnit): { key: string; start: number } {
  const utc = Date.UTC(d.year, d.month - 1, d.day);
  switch (unit) {
    case 'day':
      return { key: `${d.year}-${pad(d.month)}-${pad(d.day)}`, start: utc };
    case 'month':
      return { key: `${d.year}-${pad(d.month)}`, start: Date.UTC(d.year, d.month - 1, 1) };
    case 'quarter': {
      const q = Math.floor((d.month - 1) / 3) + 1;
      return { key: `${d.year}-Q${q}`, start: Date.UTC(d.year, (q - 1) * 3, 1) };
    }
    case 'week': {
      const weekday = (new Date(utc).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      const monday = utc - weekday * DAY_MS;
      const thursday = monday + 3 * DAY_MS;
      const isoYear = new Date(thursday).getUTCFullYear();
      const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1;
      return { key: `${isoYear}-W${pad(week)}`, start: monday };
    }
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string | undefined): number {
  const key = timeZone ?? '';
  let f = offsetFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    offsetFormatters.set(key, f);
  }
  const parts = f.formatToParts(ms);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a calendar day starts in a time zone (the runtime's when none is given). */
export function startOfDayIn(d: CalendarDay, timeZone?: string): number {
  const guess = Date.UTC(d.year, d.month - 1, d.day);
  const first = guess - offsetAt(guess, timeZone);
  // Across a DST change the offset at the answer can differ from the guess's: correct once.
  return guess - offsetAt(first, timeZone);
}

/** Parses 'YYYY-MM-DD'; null when malformed. */
export function parseDay(value: string): CalendarDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return check.getUTCMonth() === d.month - 1 && check.getUTCDate() === d.day ? d : null;
}

/** [start of `from`, end of `to`] in the zone, both inclusive; either side open when empty or malformed. */
export function dayWindow(from: string, to: string, timeZone?: string): { from: number; to: number } | null {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a && !b) return null;
  const next = b ? new Date(Date.UTC(b.year, b.month - 1, b.day + 1)) : null;
  return {
    from: a ? startOfDayIn(a, timeZone) : 0,
    to: next ? startOfDayIn({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, timeZone) - 1 : Number.MAX_SAFE_INTEGER,
  };
}
