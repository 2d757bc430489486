import { describe, expect, it } from 'vitest';
import { activeOutlineIndex, ancestorsOf, buildOutlineTree, initialExpanded, visibleOutline } from './outline';

const BOOK = [
  { title: 'Preface', pageNumber: 1, depth: 0 },
  { title: 'Part I', pageNumber: 3, depth: 0 },
  { title: 'Chapter 1', pageNumber: 3, depth: 1 },
  { title: '1.1 Scope', pageNumber: 5, depth: 2 },
  { title: 'Chapter 2', pageNumber: 9, depth: 1 },
  { title: 'Broken link', pageNumber: null, depth: 1 },
  { title: 'Part II', pageNumber: 20, depth: 0 },
  { title: 'Deep jump', pageNumber: 21, depth: 3 },
];

describe('outline tree', () => {
  it('nests entries by depth with levels, parents and sibling positions', () => {
    const nodes = buildOutlineTree(BOOK);
    expect(nodes.map((n) => n.level)).toEqual([1, 1, 2, 3, 2, 2, 1, 2]);
    expect(nodes.map((n) => n.parent)).toEqual([null, null, 1, 2, 1, 1, null, 6]);
    expect(nodes[1]?.children).toEqual([2, 4, 5]);
    expect(nodes.filter((n) => n.level === 1).map((n) => `${n.posInSet}/${n.setSize}`)).toEqual(['1/3', '2/3', '3/3']);
    expect(nodes[5]?.posInSet).toBe(3);
    expect(ancestorsOf(nodes, 3)).toEqual([3, 2, 1]);
  });

  it('shows only entries whose ancestors are expanded', () => {
    const nodes = buildOutlineTree(BOOK);
    expect(visibleOutline(nodes, new Set()).map((n) => n.title)).toEqual(['Preface', 'Part I', 'Part II']);
    expect(visibleOutline(nodes, new Set([1])).map((n) => n.title)).toEqual(['Preface', 'Part I', 'Chapter 1', 'Chapter 2', 'Broken link', 'Part II']);
    expect(visibleOutline(nodes, initialExpanded(nodes))).toHaveLength(BOOK.length);
    expect(initialExpanded(nodes, 3).size).toBe(0);
  });

  it('finds the section holding a page: the most specific entry starting at or before it', () => {
    expect(activeOutlineIndex(BOOK, 1)).toBe(0);
    expect(activeOutlineIndex(BOOK, 3)).toBe(2); // Part I and Chapter 1 both start on p. 3
    expect(activeOutlineIndex(BOOK, 8)).toBe(3);
    expect(activeOutlineIndex(BOOK, 19)).toBe(4);
    expect(activeOutlineIndex(BOOK, 400)).toBe(7);
    expect(activeOutlineIndex([{ pageNumber: 4 }], 2)).toBeNull();
    expect(activeOutlineIndex([], 2)).toBeNull();
  });

  it('gives untitled bookmarks a visible name', () => {
    expect(buildOutlineTree([{ title: '  ', pageNumber: 2, depth: 0 }])[0]?.title).toBe('Untitled');
  });
});
