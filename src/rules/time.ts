/**
 * Local calendar days. Day boundaries are the runtime's local time zone (the salesperson's
 * device), computed with `Date`'s local getters so daylight-saving days are 23 or 25 hours long.
 * Pure: the same `now` in the same time zone always gives the same bounds.
 */
import { LIMITS } from '../model/limits.js';

export const DAY_MS = 86_400_000;

/** Epoch ms of 00:00:00.000 local time on the day `offsetDays` away from the day of `now`. */
export function startOfLocalDay(now: number, offsetDays = 0): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + offsetDays).getTime();
}

/** Epoch ms of 23:59:59.999 local time on the day `offsetDays` away from the day of `now`. */
export function endOfLocalDay(now: number, offsetDays = 0): number {
  return startOfLocalDay(now, offsetDays + 1) - 1;
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A date a person may enter (or a clock may give): a whole number of epoch ms within
 * LIMITS.earliestDate (inclusive) to LIMITS.latestDate (exclusive). NaN, Infinity, fractions,
 * negatives and the year 10000 are not.
 */
export const isValidDate = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= LIMITS.earliestDate && v < LIMITS.latestDate;
