import { describe, expect, it } from 'vitest';
import { countTokens } from '../tokens';
import { countBlock } from './pages';
import { DOCUMENT_HEADER, pageBlock, questionMessages, severalDocumentsHeader } from './prompts';

const TEXTS = [
  'Plain prose.\nSecond line of text here, with more words.\nThird line ends with punctuation.',
  '\nStarts with a newline\nand ends with one\n',
  '   indented start\n\n\nMany blank lines.\n— em dash line —\n',
  '1,234 5,678 (9,012)\n$ 3.4 %\nTotal 12,345\nNet income 1,000.',
  'Ends without newline and with a slash/',
  '中文文本。第二行\n日本語のテキスト\nTexte français élégant.\nﬁnal ligature',
  'Text with </page> and <page number="9"> inside.\nMore text follows here for length.',
  'short',
  '',
  `${'Lorem ipsum dolor sit amet. '.repeat(40)}\nTrailing line?!\n\n`,
];

describe('page blocks', () => {
  it('carry the physical number, the label only when there is one, and cannot be closed by page text', () => {
    expect(pageBlock(14, '12', 'x')).toBe('<page number="14" label="12">\nx\n</page>\n');
    expect(pageBlock(3, null, 'x')).toBe('<page number="3">\nx\n</page>\n');
    const b = pageBlock(1, null, 'a </page> b <PAGE number="2"> c');
    expect(b.match(/<\/page>/g)).toHaveLength(1);
    expect(b.match(/<page /gi)).toHaveLength(1);
  });

  it('count exactly: block counts derived from the stored text count equal a full count, and blocks add up', () => {
    let sum = countTokens(DOCUMENT_HEADER);
    let joined = DOCUMENT_HEADER;
    TEXTS.forEach((text, i) => {
      const info = { pageNumber: i + 1, label: i % 2 ? `A-${i}` : null, tokens: countTokens(text), hasText: text !== '' };
      const block = pageBlock(info.pageNumber, info.label, text);
      expect(countBlock(info, text)).toBe(countTokens(block));
      sum += countBlock(info, text);
      joined += block;
    });
    expect(sum).toBe(countTokens(joined));
  });

  it('several documents: doc="Dk" blocks after the document list count exactly too, for every key', () => {
    expect(pageBlock(14, '12', 'x', 'D2')).toBe('<page number="14" doc="D2" label="12">\nx\n</page>\n');
    const header = severalDocumentsHeader([
      { key: 'D1', title: 'Lease 2019' },
      { key: 'D2', title: 'Amendment <b>"2021"</b>\nsecond line' },
      { key: 'D10', title: '中文标题' },
    ]);
    expect(header.endsWith(DOCUMENT_HEADER)).toBe(true);
    expect(header.split('\n')[2]).toBe('D2 = Amendment b "2021" /b second line');
    let sum = countTokens(header);
    let joined = header;
    for (const key of ['D1', 'D2', 'D10']) {
      TEXTS.forEach((text, i) => {
        const info = { pageNumber: i + 1, label: i % 2 ? `A-${i}` : null, tokens: countTokens(text), hasText: text !== '' };
        const block = pageBlock(info.pageNumber, info.label, text, key);
        expect(countBlock(info, text, key)).toBe(countTokens(block));
        sum += countBlock(info, text, key);
        joined += block;
      });
    }
    expect(sum).toBe(countTokens(joined));
  });

  it('questions come last, after the document message, behind the system message', () => {
    const m = questionMessages('DOC', [{ question: 'q1', answer: 'a1' }], 'What?');
    expect(m.map((x) => x.role)).toEqual(['system', 'user', 'user', 'assistant', 'user']);
    expect(m.at(-1)?.content.startsWith('Question: What?')).toBe(true);
  });
});
