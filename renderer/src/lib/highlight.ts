/**
 * Finds a quote in a pdf.js text layer and wraps the matching characters in
 * <span class="highlight">. Works across spans (lines), ignoring case,
 * whitespace, curly quotes and dash variants. Pure DOM, no innerHTML.
 */

interface CharRef {
  span: number;
  offset: number;
}

function normChar(ch: string): string {
  if (/\s/.test(ch)) return ' ';
  if (ch === '‘' || ch === '’') return "'";
  if (ch === '“' || ch === '”') return '"';
  if (/[‐‑‒–—]/.test(ch)) return '-';
  return ch.normalize('NFKC').toLowerCase();
}

function normalizeQuote(quote: string): string {
  let out = '';
  for (const ch of quote) {
    const n = normChar(ch);
    if (n === ' ' && (out === '' || out.endsWith(' '))) continue;
    out += n;
  }
  return out.trim();
}

function textSpans(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('span')).filter(
    (span) => !span.classList.contains('markedContent') && !span.classList.contains('highlight') && span.getAttribute('role') !== 'img',
  );
}

/** Puts every span back to its original text. */
export function clearHighlights(container: HTMLElement): void {
  for (const span of Array.from(container.querySelectorAll<HTMLElement>('span[data-orig]'))) {
    span.textContent = span.dataset.orig ?? span.textContent;
    delete span.dataset.orig;
  }
}

/** Candidate needles, best first: the whole quote, then shorter word runs from its start and its end. */
function needles(quote: string): string[] {
  const whole = normalizeQuote(quote).replace(/^["'(\s]+|["').,;:!?\s]+$/g, '');
  if (!whole) return [];
  const words = whole.split(' ');
  const out = [whole];
  for (let n = words.length - 1; n >= Math.min(4, words.length); n -= 1) {
    out.push(words.slice(0, n).join(' '));
    out.push(words.slice(words.length - n).join(' '));
  }
  return out;
}

/** Highlights the first occurrence of `quote`; returns the first highlight element, or null. */
export function highlightQuote(container: HTMLElement, quote: string): HTMLElement | null {
  clearHighlights(container);
  const spans = textSpans(container);
  let hay = '';
  const refs: (CharRef | null)[] = [];
  spans.forEach((span, spanIndex) => {
    const text = span.textContent ?? '';
    if (hay && !hay.endsWith(' ')) {
      hay += ' ';
      refs.push(null);
    }
    let offset = 0;
    for (const ch of text) {
      const n = normChar(ch);
      if (!(n === ' ' && (hay === '' || hay.endsWith(' ')))) {
        for (const c of n) {
          hay += c;
          refs.push({ span: spanIndex, offset });
        }
      }
      offset += ch.length;
    }
  });
  let start = -1;
  let length = 0;
  for (const needle of needles(quote)) {
    if (needle.length < 3) continue;
    start = hay.indexOf(needle);
    if (start >= 0) {
      length = needle.length;
      break;
    }
  }
  if (start < 0) return null;

  // Per span: [from, to) in original offsets.
  const ranges = new Map<number, { from: number; to: number }>();
  for (let i = start; i < start + length; i += 1) {
    const ref = refs[i];
    if (!ref) continue;
    const span = spans[ref.span];
    const ch = span ? (span.textContent ?? '').slice(ref.offset) : '';
    const width = ch.codePointAt(0) !== undefined && (ch.codePointAt(0) as number) > 0xffff ? 2 : 1;
    const range = ranges.get(ref.span);
    if (range) range.to = Math.max(range.to, ref.offset + width);
    else ranges.set(ref.span, { from: ref.offset, to: ref.offset + width });
  }
  let first: HTMLElement | null = null;
  const ordered = Array.from(ranges.entries()).sort((a, b) => a[0] - b[0]);
  ordered.forEach(([spanIndex, { from, to }], k) => {
    const span = spans[spanIndex];
    if (!span) return;
    const text = span.textContent ?? '';
    span.dataset.orig = text;
    span.textContent = '';
    if (from > 0) span.append(document.createTextNode(text.slice(0, from)));
    const mark = document.createElement('span');
    const position = ordered.length === 1 ? '' : k === 0 ? ' begin' : k === ordered.length - 1 ? ' end' : ' middle';
    mark.className = `highlight${position}`;
    mark.textContent = text.slice(from, to);
    span.append(mark);
    if (to < text.length) span.append(document.createTextNode(text.slice(to)));
    first ??= mark;
  });
  return first;
}
