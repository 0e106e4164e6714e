/**
 * Interns the values of one low-cardinality column (progress step, salesperson, source) as small
 * integer codes, so that a filter is a table lookup and a count is an array increment. Codes are
 * never reused; a reference count says which values some lead still carries.
 */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  private refs: Int32Array = new Int32Array(16);

  get size(): number {
    return this.values.length;
  }

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
      if (code >= this.refs.length) {
        const grown = new Int32Array(this.refs.length * 2);
        grown.set(this.refs);
        this.refs = grown;
      }
    }
    return code;
  }

  /** The code of a value already seen, or -1. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  retain(code: number): void {
    this.refs[code] = (this.refs[code] ?? 0) + 1;
  }

  release(code: number): void {
    this.refs[code] = (this.refs[code] ?? 0) - 1;
  }

  /** Whether some lead carries this value now. */
  live(code: number): boolean {
    return (this.refs[code] ?? 0) > 0;
  }

  /** A lookup table for a filter: 1 for the codes of the selected values. Null = no filter. */
  selection(selected: readonly string[] | undefined): Uint8Array | null {
    if (!selected || selected.length === 0) return null;
    const table = new Uint8Array(Math.max(1, this.values.length));
    for (const value of selected) {
      const code = this.codes.get(value);
      if (code !== undefined) table[code] = 1;
    }
    return table;
  }
}
