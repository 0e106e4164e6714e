/**
 * Row selection for Bulk Manage, by lead id so it survives live updates and re-sorting: click
 * toggles one row, shift-click selects the range from the last clicked row (the anchor) in the
 * current order, "select all" takes every lead matching the filter.
 */
export class Selection {
  private readonly ids = new Set<string>();
  private anchor: string | null = null;

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  values(): string[] {
    return [...this.ids];
  }

  toggle(id: string): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = id;
  }

  /** Selects every row between the anchor and `id` in `order` (inclusive); without an anchor, toggles `id`. */
  extend(id: string, order: readonly { id: string }[]): void {
    const from = this.anchor === null ? -1 : indexOf(order, this.anchor);
    const to = indexOf(order, id);
    if (from < 0 || to < 0) {
      this.toggle(id);
      return;
    }
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    for (let i = lo; i <= hi; i++) this.ids.add((order[i] as { id: string }).id);
    this.anchor = id;
  }

  selectAll(ids: Iterable<string>): void {
    for (const id of ids) this.ids.add(id);
  }

  clear(): void {
    this.ids.clear();
    this.anchor = null;
  }

  /** Forgets ids no longer known (deleted leads). */
  retain(exists: (id: string) => boolean): boolean {
    let changed = false;
    for (const id of this.ids) {
      if (!exists(id)) {
        this.ids.delete(id);
        changed = true;
      }
    }
    if (this.anchor !== null && !exists(this.anchor)) this.anchor = null;
    return changed;
  }
}

function indexOf(order: readonly { id: string }[], id: string): number {
  for (let i = 0; i < order.length; i++) if ((order[i] as { id: string }).id === id) return i;
  return -1;
}
