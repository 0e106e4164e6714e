/**
 * The free-text filter: every whitespace-separated term must occur in the lead's lower-cased
 * search text. The search texts are joined into one corpus (NUL-separated), so a term costs one
 * `indexOf` walk over a single string instead of 100,000 `includes` calls; a hit jumps to the next
 * lead. Typing usually extends the previous text, whose hits are a superset of the new ones, so
 * when those are few only they are re-tested.
 */
import type { DashboardRow } from './row.js';

export function searchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.replace(/\0/g, ''))
    .filter((t) => t !== '');
}

export function matchesTerms(search: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!search.includes(term)) return false;
  return true;
}

/** Below this share of the leads, re-testing the previous hits beats a corpus walk. */
const REFINE_SHARE = 0.1;

export class TextMatcher {
  private lastKey = '';
  private hits: Uint8Array | null = null;
  private hitSlots: Int32Array | null = null;
  /** The corpus, kept up to date as leads change: a changed lead's old record is marked dead and its new text appended. */
  private corpus: string | null = null;
  private starts: number[] = [];
  private slotAt: number[] = [];
  private dead: number[] = [];
  private deadCount = 0;
  private recordOf = new Map<number, number>();

  /** The leads changed: the cached hits are stale (the corpus is patched by `put`/`drop`). */
  invalidate(): void {
    this.hits = null;
    this.hitSlots = null;
    this.lastKey = '';
  }

  /** A lead's search text was written into `slot`. */
  put(slot: number, search: string): void {
    if (this.corpus === null) return;
    this.drop(slot);
    this.recordOf.set(slot, this.starts.length);
    this.starts.push(this.corpus.length + 1);
    this.slotAt.push(slot);
    this.dead.push(0);
    this.corpus = `${this.corpus}\0${search}`;
  }

  drop(slot: number): void {
    if (this.corpus === null) return;
    const record = this.recordOf.get(slot);
    if (record === undefined) return;
    this.recordOf.delete(slot);
    this.dead[record] = 1;
    this.deadCount++;
    if (this.deadCount > 1000 && this.deadCount > this.starts.length / 5) this.corpus = null;
  }

  /** Builds the corpus ahead of the first search (e.g. while the browser is idle). */
  warm(rows: readonly (DashboardRow | undefined)[], liveSlots: () => Iterable<number>): void {
    if (this.corpus === null) this.buildCorpus(rows, liveSlots);
  }

  /** Null when the text is empty (no filter); else 1 per slot that matches. */
  match(text: string, rows: readonly (DashboardRow | undefined)[], liveSlots: () => Iterable<number>): Uint8Array | null {
    const terms = [...new Set(searchTerms(text))];
    if (terms.length === 0) return null;
    const key = terms.join(' ');
    if (this.hits && key === this.lastKey) return this.hits;
    const previous = this.hitSlots;
    const refine = previous !== null && this.lastKey !== '' && narrows(this.lastKey, key) && previous.length < rows.length * REFINE_SHARE;
    const hits = new Uint8Array(rows.length);
    const found: number[] = [];
    if (refine) {
      for (const slot of previous) {
        const row = rows[slot];
        if (row && matchesTerms(row.search, terms)) {
          hits[slot] = 1;
          found.push(slot);
        }
      }
    } else {
      this.scanCorpus(terms, rows, liveSlots, hits, found);
    }
    this.lastKey = key;
    this.hits = hits;
    this.hitSlots = Int32Array.from(found);
    return hits;
  }

  private buildCorpus(rows: readonly (DashboardRow | undefined)[], liveSlots: () => Iterable<number>): string {
    const parts: string[] = [];
    this.starts = [];
    this.slotAt = [];
    this.dead = [];
    this.deadCount = 0;
    this.recordOf.clear();
    let at = 0;
    for (const slot of liveSlots()) {
      const search = (rows[slot] as DashboardRow).search;
      this.recordOf.set(slot, this.starts.length);
      this.starts.push(at);
      this.slotAt.push(slot);
      this.dead.push(0);
      parts.push(search);
      at += search.length + 1;
    }
    this.corpus = parts.join('\0');
    return this.corpus;
  }

  private scanCorpus(
    terms: readonly string[],
    rows: readonly (DashboardRow | undefined)[],
    liveSlots: () => Iterable<number>,
    hits: Uint8Array,
    found: number[],
  ): void {
    const corpus = this.corpus ?? this.buildCorpus(rows, liveSlots);
    const { starts, slotAt, dead } = this;
    const n = starts.length;
    // Counts how many terms each record contains; a hit jumps to the next record, so once per term.
    const seen = terms.length > 1 ? new Uint8Array(n) : null;
    for (const term of terms) {
      let i = corpus.indexOf(term);
      while (i !== -1) {
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if ((starts[mid] as number) <= i) lo = mid;
          else hi = mid - 1;
        }
        if (dead[lo] !== 1) {
          if (seen) seen[lo]!++;
          else hits[slotAt[lo] as number] = 1;
        }
        i = lo + 1 < n ? corpus.indexOf(term, starts[lo + 1] as number) : -1;
      }
    }
    for (let k = 0; k < n; k++) {
      if (dead[k] === 1) continue;
      const slot = slotAt[k] as number;
      if (seen && seen[k] === terms.length) hits[slot] = 1;
      if (hits[slot] === 1) found.push(slot);
    }
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
