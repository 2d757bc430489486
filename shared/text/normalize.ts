/**
 * Text normalisation for matching a quote against page text, shared by the
 * engine (citation verification) and the renderer (finding a citation's
 * record, highlighting a quote): NFKC (ligatures, full-width forms), soft
 * hyphens and zero-width characters dropped, words hyphenated across a line
 * break joined, quote and dash styles unified, case folded, whitespace collapsed.
 */

/** The replacements between NFKC and case folding, in order (locate.ts applies the same ones with a position map). */
export function matchReplacements(hyphenation: 'join' | 'keep' = 'join'): ReadonlyArray<readonly [RegExp, string]> {
  return [
    [/\u00AD/g, ''], // soft hyphen
    [/[\u200B-\u200D\uFEFF]/g, ''],
    // a word hyphenated across a line break: "termi-\nnation" -> "termination"
    [/(\p{L})[-\u2010\u2011]\s*[\r\n]+\s*(\p{L})/gu, hyphenation === 'join' ? '$1$2' : '$1-$2'],
    [/[\u2018\u2019\u201A\u201B\u2032`\u00B4]/g, "'"],
    [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
    [/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-'],
    [/\u2026/g, '...'],
  ];
}

/** Normalise text for quote matching (see the module comment). */
export function normalizeForMatch(text: string, hyphenation: 'join' | 'keep' = 'join'): string {
  let out = text.normalize('NFKC'); // ﬁ -> fi, ﬂ -> fl, full-width forms, non-breaking spaces
  for (const [pattern, replacement] of matchReplacements(hyphenation)) out = out.replace(pattern, replacement);
  return out.toLowerCase().replace(/\s+/g, ' ').trim();
}
