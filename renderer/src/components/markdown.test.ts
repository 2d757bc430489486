import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { citationRefs, parseCitationSpans } from '../../../shared/text/citations';
import { Markdown } from './Markdown';

const html = (text: string): string =>
  renderToStaticMarkup(
    createElement(Markdown, {
      text,
      renderCitation: (ref, key) => createElement('button', { key, 'data-page': ref.page, 'data-quote': ref.quote ?? '' }, `p. ${ref.page}`),
    }),
  );

describe('Markdown (model output is untrusted)', () => {
  it('keeps raw HTML as visible text', () => {
    const out = html('The banner shows <img src=x onerror=alert(1)> and <script>alert(2)</script>.');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('links only http(s) and mailto URLs', () => {
    expect(html('[site](https://example.com)')).toContain('href="https://example.com"');
    const js = html('[click](javascript:alert(1))');
    expect(js).not.toContain('href=');
    expect(js).toContain('javascript:alert(1)');
  });

  it('renders the usual blocks and inline styles', () => {
    const out = html('## Title\n\n- **bold** item\n- `code`\n\n1. first\n2. second\n\n> quoted');
    expect(out).toContain('<h4>Title</h4>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<code>code</code>');
    expect(out).toContain('<ol start="1">');
    expect(out).toContain('<blockquote>');
  });

  it('turns [p. N] into citation chips carrying the quote before them', () => {
    const out = html('The lease says "Either party may terminate." [p. 4] and more [pp. 7-9; p. 12].');
    expect(out).toContain('data-page="4" data-quote="Either party may terminate."');
    expect(out).toContain('data-page="7"');
    expect(out).toContain('data-page="12"');
  });
});

describe('chips follow the one grammar', () => {
  const EVERY_FORM =
    'A "rent is due monthly" [pg. 40]. B \u201Cthe deposit\u201D (p. 65). C [p 79]. D [pages 20 and 93]. E "the term" [pp. 100-01]. ' +
    'F [p. 14; p. 16]. G "notice" [p. 3, 7].\n\n- **bold "quoted words" [p. 5]**\n- `code [p. 6]`\n\n> quoted [page 8]\n\n```\nblock [p. 9]\n```';

  it('draws exactly one chip per page reference the engine parses, wherever it stands', () => {
    const out = html(EVERY_FORM);
    const chips = [...out.matchAll(/<button data-page="(\d+)" data-quote="([^"]*)"/g)].map((m) => ({ page: Number(m[1]), quote: m[2] || null }));
    const engine = citationRefs(parseCitationSpans(EVERY_FORM)).map((r) => ({ page: r.page, quote: r.quote }));
    expect(engine).toHaveLength(14);
    expect(chips).toEqual(engine);
    // the range keeps its end: "[pp. 100-01]" is 100-101, not 100
    expect(citationRefs(parseCitationSpans(EVERY_FORM)).find((r) => r.page === 100)?.pageEnd).toBe(101);
    // no reference is left as plain text
    expect(out).not.toMatch(/\[(pg|p|pp|pages)\.? ?\d/);
    expect(out).not.toContain('(p. 65)');
  });

  it('a placeholder written by the model itself is not a chip', () => {
    const out = html('Fake \uE0000\uE001 and real [p. 2].');
    expect([...out.matchAll(/<button/g)]).toHaveLength(1);
  });

  it('without a chip renderer the reference stays as written', () => {
    expect(renderToStaticMarkup(createElement(Markdown, { text: 'See [pp. 100-01].' }))).toContain('See [pp. 100-01].');
  });
});
