/**
 * The free-text filter: every whitespace-separated term must occur in the lead's lower-cased
 * search text. Typing usually extends the previous text, whose hits are a superset of the new
 * ones, so only those are re-tested.
 */
import type { DashboardRow } from './row.js';

export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((t) => t !== '');
}

export function matchesTerms(search: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!search.includes(term)) return false;
  return true;
}

export class TextMatcher {
  private lastKey = '';
  private hits: Uint8Array | null = null;
  private hitSlots: Int32Array | null = null;

  invalidate(): void {
    this.hits = null;
    this.hitSlots = null;
    this.lastKey = '';
  }

  /** Null when the text is empty (no filter); else 1 per slot that matches. */
  match(text: string, rows: readonly (DashboardRow | undefined)[], liveSlots: Iterable<number>): Uint8Array | null {
    const terms = searchTerms(text);
    if (terms.length === 0) return null;
    const key = terms.join(' ');
    if (this.hits && key === this.lastKey) return this.hits;
    const refine = this.hits !== null && this.hitSlots !== null && this.lastKey !== '' && narrows(this.lastKey, key);
    const hits = new Uint8Array(rows.length);
    const candidates: Iterable<number> = refine ? (this.hitSlots as Int32Array) : liveSlots;
    const found: number[] = [];
    for (const slot of candidates) {
      const row = rows[slot];
      if (row && matchesTerms(row.search, terms)) {
        hits[slot] = 1;
        found.push(slot);
      }
    }
    this.lastKey = key;
    this.hits = hits;
    this.hitSlots = Int32Array.from(found);
    return hits;
  }
}

/**
 * Whether every row matching `next` also matches `previous`: each previous term must be contained
 * in some next term (then a row containing the next term contains the previous one).
 */
function narrows(previous: string, next: string): boolean {
  const nextTerms = next.split(' ');
  return previous.split(' ').every((p) => nextTerms.some((n) => n.includes(p)));
}
