/**
 * Text normalisation for matching a quote against page text, shared by the
 * engine (citation verification) and the renderer (finding a citation's
 * record): NFKC (ligatures, full-width forms), soft hyphens and zero-width
 * characters dropped, words hyphenated across a line break joined, quote and
 * dash styles unified, case folded, whitespace collapsed.
 */
/** Normalise text for quote matching (see the module comment). */
export function normalizeForMatch(text: string, hyphenation: 'join' | 'keep' = 'join'): string {
  return (
    text
      .normalize('NFKC') // ﬁ -> fi, ﬂ -> fl, full-width forms, non-breaking spaces
      .replace(/\u00AD/g, '') // soft hyphen
      .replace(/[\u200B-\u200D\uFEFF]/g, '')
      // a word hyphenated across a line break: "termi-\nnation" -> "termination"
      .replace(/(\p{L})[-\u2010\u2011]\s*[\r\n]+\s*(\p{L})/gu, hyphenation === 'join' ? '$1$2' : '$1-$2')
      .replace(/[\u2018\u2019\u201A\u201B\u2032`\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
      .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
      .replace(/\u2026/g, '...')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}
