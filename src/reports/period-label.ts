/**
 * A report period in words for a locale, from its first day (`start`, UTC midnight, as
 * periodOf gives it): '15 Jun 2025' for a day, 'Week of …' for a week, 'June 2025' for a month,
 * 'Q2 2025' for a quarter. The element supplies the two templates its catalogue translates.
 */
import type { PeriodUnit } from './periods.js';

export interface PeriodWords {
  /** 'Week of {date}' with the Monday formatted. */
  weekOf(date: string): string;
  /** 'Q{quarter} {year}'. */
  quarter(quarter: number, year: number): string;
}

export function periodLabel(start: number, unit: PeriodUnit, locale: string, words: PeriodWords): string {
  switch (unit) {
    case 'day':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(start);
    case 'week':
      return words.weekOf(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(start));
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(start);
    case 'quarter': {
      const d = new Date(start);
      return words.quarter(Math.floor(d.getUTCMonth() / 3) + 1, d.getUTCFullYear());
    }
  }
}
