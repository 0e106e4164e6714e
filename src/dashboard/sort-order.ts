/**
 * A sort order over row slots, kept sorted as rows change: a change moves one slot (binary search
 * and a typed-array shift) instead of re-sorting 100,000 rows. Ties break on the lead id, so every
 * order is total and the same on every device; descending is the exact reverse of ascending.
 */
export type SortKey = number | string;

export class SortOrder {
  /** Sorted slots; only the first `length` entries are used. */
  slots: Int32Array;
  length = 0;

  constructor(
    private readonly keys: SortKey[],
    private readonly ids: readonly string[],
    slots: Iterable<number>,
  ) {
    const list = Int32Array.from(slots);
    list.sort((a, b) => this.compare(a, b));
    this.slots = list.length > 0 ? list : new Int32Array(16);
    this.length = list.length;
  }

  compare(a: number, b: number): number {
    const ka = this.keys[a] as SortKey;
    const kb = this.keys[b] as SortKey;
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    const ia = this.ids[a] as string;
    const ib = this.ids[b] as string;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }

  /** The first position whose slot does not sort before `slot`. */
  private lowerBound(slot: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.slots[mid] as number, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Call while keys[slot] and ids[slot] still hold the values it was inserted with. */
  remove(slot: number): void {
    const at = this.lowerBound(slot);
    if (at < this.length && this.slots[at] === slot) {
      this.slots.copyWithin(at, at + 1, this.length);
      this.length -= 1;
    } else {
      // Not where its key says: fall back to a scan so the order never keeps a stale slot.
      const index = this.slots.subarray(0, this.length).indexOf(slot);
      if (index >= 0) {
        this.slots.copyWithin(index, index + 1, this.length);
        this.length -= 1;
      }
    }
  }

  insert(slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(Math.max(16, this.slots.length * 2));
      grown.set(this.slots);
      this.slots = grown;
    }
    const at = this.lowerBound(slot);
    this.slots.copyWithin(at + 1, at, this.length);
    this.slots[at] = slot;
    this.length += 1;
  }
}
