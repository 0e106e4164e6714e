/** Which rows a virtualized list renders: the visible ones plus a small buffer each side. */
export interface RowWindow {
  /** First rendered row (index into the result). */
  start: number;
  /** One past the last rendered row. */
  end: number;
}

export function rowWindow(options: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Rows rendered beyond the visible ones, each side. */
  buffer: number;
}): RowWindow {
  const { scrollTop, viewportHeight, rowHeight, total, buffer } = options;
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, total - 1) - buffer);
  const end = Math.min(total, first + visible + buffer);
  return { start, end: Math.max(start, end) };
}

/** The scrollTop that brings row `index` fully into view (unchanged when it already is). */
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
