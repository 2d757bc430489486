import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, howFromEvent, prune, select, selectAll, selectedInOrder } from './selection';

const ORDER = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }): string[] => selectedInOrder(ORDER, { ids: s.ids, anchor: null });

describe('library row selection', () => {
  it('a click selects only that row; Ctrl+click toggles rows in and out', () => {
    const one = select(ORDER, select(ORDER, EMPTY_SELECTION, 'a', 'only'), 'c', 'only');
    expect(ids(one)).toEqual(['c']);
    const two = select(ORDER, one, 'e', 'toggle');
    expect(ids(two)).toEqual(['c', 'e']);
    expect(ids(select(ORDER, two, 'c', 'toggle'))).toEqual(['e']);
  });

  it('Shift+click selects the range from the last row clicked, either direction, keeping what was selected', () => {
    const start = select(ORDER, select(ORDER, EMPTY_SELECTION, 'a', 'only'), 'd', 'toggle');
    expect(ids(select(ORDER, start, 'b', 'range'))).toEqual(['a', 'b', 'c', 'd']);
    const down = select(ORDER, select(ORDER, EMPTY_SELECTION, 'b', 'only'), 'd', 'range');
    expect(ids(down)).toEqual(['b', 'c', 'd']);
    // the anchor stays on b: extending again goes from b
    expect(ids(select(ORDER, down, 'e', 'range'))).toEqual(['b', 'c', 'd', 'e']);
    // no anchor yet: a Shift+click selects just that row
    expect(ids(select(ORDER, EMPTY_SELECTION, 'c', 'range'))).toEqual(['c']);
  });

  it('modifiers: Shift wins, then a checkbox or Ctrl/Cmd toggles, else only', () => {
    expect(howFromEvent({ shiftKey: true, ctrlKey: true, metaKey: false }, true)).toBe('range');
    expect(howFromEvent({ shiftKey: false, ctrlKey: false, metaKey: false }, true)).toBe('toggle');
    expect(howFromEvent({ shiftKey: false, ctrlKey: false, metaKey: true }, false)).toBe('toggle');
    expect(howFromEvent({ shiftKey: false, ctrlKey: false, metaKey: false }, false)).toBe('only');
  });

  it('select all, and a removed document drops out of the selection', () => {
    const all = selectAll(ORDER);
    expect(ids(all)).toEqual(ORDER);
    const pruned = prune(['a', 'c'], all);
    expect([...pruned.ids]).toEqual(['a', 'c']);
    expect(pruned.anchor).toBe('a');
    const same = select(ORDER, EMPTY_SELECTION, 'b', 'only');
    expect(prune(ORDER, same)).toBe(same);
  });
});
