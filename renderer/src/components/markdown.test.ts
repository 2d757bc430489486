import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseCitationGroup, quoteBefore } from '../lib/citations';
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

describe('citations', () => {
  it('parses groups and ranges', () => {
    expect(parseCitationGroup('[pp. 14-15]')).toEqual([{ page: 14, pageEnd: 15 }]);
    expect(parseCitationGroup('[p. 3, 7]')).toEqual([{ page: 3 }, { page: 7 }]);
  });
  it('finds the quote right before a citation', () => {
    const text = 'It says “the rent is due monthly”. [p. 2]';
    expect(quoteBefore(text, text.indexOf('['))).toBe('the rent is due monthly');
    expect(quoteBefore('no quote here [p. 2]', 14)).toBeNull();
  });
});
