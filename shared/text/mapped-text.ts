/**
 * A string that remembers, for every UTF-16 unit, the span of a source string
 * it came from. Page layout and quote normalisation are written once over it:
 * the engine runs them untracked (plain string work, nothing extra to pay on a
 * huge page), the viewer runs them tracked to map a match back to the pdf.js
 * text items it was built from.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    /** per unit: [start, end) in the source, -1 for inserted text; null when untracked */
    private readonly starts: number[] | null,
    private readonly ends: number[] | null,
  ) {}

  get tracked(): boolean {
    return this.starts !== null;
  }

  get length(): number {
    return this.text.length;
  }

  /** `text` taken from the source at offset `at`. */
  static source(text: string, at: number, track: boolean): MappedText {
    if (!track) return new MappedText(text, null, null);
    const starts = new Array<number>(text.length);
    const ends = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) {
      starts[i] = at + i;
      ends[i] = at + i + 1;
    }
    return new MappedText(text, starts, ends);
  }

  /** Text that is in no source (a space between runs, a line break). */
  static inserted(text: string, track: boolean): MappedText {
    return track ? new MappedText(text, new Array<number>(text.length).fill(-1), new Array<number>(text.length).fill(-1)) : new MappedText(text, null, null);
  }

  static join(parts: readonly MappedText[], track: boolean): MappedText {
    const text = parts.map((p) => p.text).join('');
    if (!track) return new MappedText(text, null, null);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const p of parts) {
      for (let i = 0; i < p.length; i++) {
        starts.push(p.starts?.[i] ?? -1);
        ends.push(p.ends?.[i] ?? -1);
      }
    }
    return new MappedText(text, starts, ends);
  }

  concat(...parts: MappedText[]): MappedText {
    return MappedText.join([this, ...parts], this.tracked);
  }

  slice(from: number, to = this.length): MappedText {
    return new MappedText(this.text.slice(from, to), this.starts?.slice(from, to) ?? null, this.ends?.slice(from, to) ?? null);
  }

  /**
   * String.replace for a global regex, keeping the map: the replacement of a
   * match stands for the whole match (every unit of it maps to the match's span).
   * `$1`..`$9` in a string replacement are the match's groups.
   */
  replace(pattern: RegExp, replacement: string | Replacer): MappedText {
    if (!pattern.global) throw new Error('MappedText.replace needs a global pattern');
    if (!this.tracked && typeof replacement === 'string') return new MappedText(this.text.replace(pattern, replacement), null, null);
    const parts: MappedText[] = [];
    let last = 0;
    for (const m of this.text.matchAll(pattern)) {
      const at = m.index ?? 0;
      const groups = m.slice(1).map((g) => g ?? '');
      const out =
        typeof replacement === 'string'
          ? replacement.replace(/\$(\d)/g, (_: string, n: string) => groups[Number(n) - 1] ?? '')
          : replacement(m[0], { groups, offset: at, whole: this.text });
      if (out === m[0]) continue; // unchanged: keep the finer map
      parts.push(this.slice(last, at));
      if (!this.tracked) {
        parts.push(new MappedText(out, null, null));
        last = at + m[0].length;
        continue;
      }
      const span = this.span(at, at + m[0].length);
      parts.push(
        new MappedText(out, new Array<number>(out.length).fill(span ? span[0] : -1), new Array<number>(out.length).fill(span ? span[1] : -1)),
      );
      last = at + m[0].length;
    }
    if (parts.length === 0) return this;
    parts.push(this.slice(last));
    return MappedText.join(parts, this.tracked);
  }

  trim(): MappedText {
    const start = this.text.length - this.text.trimStart().length;
    const end = this.text.trimEnd().length;
    return start === 0 && end === this.length ? this : this.slice(start, Math.max(start, end));
  }

  /** The source span [start, end) that units [from, to) came from, or null (inserted only, or untracked). */
  span(from: number, to: number): [number, number] | null {
    if (!this.starts || !this.ends) return null;
    let start = Infinity;
    let end = -Infinity;
    for (let i = from; i < to; i++) {
      const s = this.starts[i] ?? -1;
      if (s < 0) continue;
      start = Math.min(start, s);
      end = Math.max(end, this.ends[i] ?? s + 1);
    }
    return start === Infinity ? null : [start, end];
  }

  /** Every source position that units [from, to) came from (a table row's text comes from scattered runs). */
  sourcePositions(from: number, to: number): number[] {
    if (!this.starts || !this.ends) return [];
    const out: number[] = [];
    for (let i = from; i < to; i++) {
      const s = this.starts[i] ?? -1;
      const e = this.ends[i] ?? -1;
      for (let k = s; s >= 0 && k < e; k++) out.push(k);
    }
    return out;
  }
}

/** A replacement computed from the match and where it stands (the text around it). */
export type Replacer = (match: string, context: { groups: string[]; offset: number; whole: string }) => string;
