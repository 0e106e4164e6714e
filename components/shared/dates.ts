/** Local-day helpers for `<input type="date">` / `type="time"` values. */
const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' of the local day of `ms`. */
export const localDateValue = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Epoch ms of a local date ('YYYY-MM-DD') and time ('HH:MM'), or NaN when either is malformed. */
export const parseLocal = (date: string, time = '00:00'): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time || '00:00');
  if (!m || !t) return Number.NaN;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2])).getTime();
};
