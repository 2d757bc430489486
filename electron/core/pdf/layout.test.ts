import { describe, expect, it } from 'vitest';
import { layoutText } from './layout';
import type { TextRun } from './layout';

const run = (str: string, x: number, y: number, size = 10): TextRun => ({ str, x, y, w: str.length * size * 0.5, size });

/** Lines of words laid out in a column starting at x, top at y, 12pt leading. */
function column(lines: string[], x: number, top: number): TextRun[] {
  return lines.map((line, i) => run(line, x, top - i * 12));
}

describe('layoutText', () => {
  it('orders runs top to bottom, left to right, with spaces at gaps', () => {
    const text = layoutText([run('world', 60, 700), run('Hello', 20, 700), run('Next line', 20, 688)]);
    expect(text).toBe('Hello world\nNext line');
  });

  it('keeps a superscript on its line and drops a fake-bold double', () => {
    const text = layoutText([run('Footnote', 20, 700), run('1', 60, 703, 6), run('Bold', 20, 688), run('Bold', 20.3, 688)]);
    expect(text).toBe('Footnote1\nBold');
  });

  it('reads three columns in order', () => {
    const a = ['alpha one text', 'alpha two text', 'alpha three', 'alpha four'];
    const b = ['bravo one text', 'bravo two text', 'bravo three', 'bravo four'];
    const c = ['charlie one te', 'charlie two te', 'charlie three', 'charlie four'];
    const text = layoutText([...column(c, 420, 700), ...column(a, 20, 700), ...column(b, 220, 700)]);
    expect(text.split('\n')).toEqual([...a, ...b, ...c]);
  });

  it('finds a narrow gutter with justification spaces and a centred page number in it (LaTeX twocolumn)', () => {
    const left = ['one two three four five', 'six seven eight nine ten', 'eleven twelve thirteen', 'fourteen fifteen sixteen'];
    const right = ['alpha bravo charlie delta', 'echo foxtrot golf hotel', 'india juliet kilo lima', 'mike november oscar papa'];
    const runs: TextRun[] = [];
    left.forEach((line, i) => {
      runs.push({ str: line, x: 72, y: 700 - i * 12, w: 228, size: 10 });
      runs.push({ str: ' ', x: 300, y: 700 - i * 12, w: 9, size: 10 }); // trailing space run reaching into the gutter
    });
    right.forEach((line, i) => runs.push({ str: line, x: 310, y: 700 - i * 12, w: 228, size: 10 }));
    runs.push({ str: '7', x: 302, y: 600, w: 5, size: 10 }); // page number
    const lines = layoutText(runs).split('\n');
    expect(lines.slice(0, 8)).toEqual([...left, ...right]);
  });

  it('does not split a label/value table into columns', () => {
    const runs: TextRun[] = [];
    const rows = [['Revenue', '1,200,000 dollars in the year to March, up from last year'], ['Costs', '900,000 dollars in the year to March, flat against the prior year'], ['Staff', '42 people at the end of the year, including part-time staff'], ['Offices', 'Three: London, Leeds and Glasgow, all leased until next year']];
    rows.forEach(([label, value], i) => runs.push(run(label!, 20, 700 - i * 12), run(value!, 120, 700 - i * 12)));
    expect(layoutText(runs).split('\n')).toEqual(rows.map(([l, v]) => `${l} ${v}`));
  });

  it('joins hyphenated words but not across a blank line', () => {
    const text = layoutText([run('the termi-', 20, 700), run('nation clause', 20, 688), run('pre-', 20, 650), run('amble', 20, 638)]);
    expect(text).toBe('the termination\nclause\n\npreamble');
  });
});
