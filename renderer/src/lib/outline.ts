/**
 * The PDF outline (bookmarks) as a tree: `library.info` gives a flat list in
 * document order with a depth per entry; the rail shows it as a flat WAI-ARIA
 * tree (aria-level / setsize / posinset), so these helpers work on that list.
 */
import type { OutlineEntry } from '../../../shared/api';

export interface OutlineNode {
  /** index into the outline list */
  index: number;
  title: string;
  pageNumber: number | null;
  /** 1-based tree level (depth jumps in the PDF, 0 -> 2, are closed up) */
  level: number;
  /** index of the parent entry, null at the top */
  parent: number | null;
  children: number[];
  /** 1-based position among its siblings, and how many siblings there are */
  posInSet: number;
  setSize: number;
}

export function buildOutlineTree(entries: readonly OutlineEntry[]): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  const stack: { index: number; depth: number }[] = [];
  const roots: number[] = [];
  entries.forEach((entry, index) => {
    while (stack.length > 0 && (stack[stack.length - 1] as { depth: number }).depth >= entry.depth) stack.pop();
    const parent = stack.length > 0 ? (stack[stack.length - 1] as { index: number }).index : null;
    const node: OutlineNode = {
      index,
      title: entry.title.trim() || 'Untitled',
      pageNumber: entry.pageNumber,
      level: stack.length + 1,
      parent,
      children: [],
      posInSet: 0,
      setSize: 0,
    };
    nodes.push(node);
    if (parent === null) roots.push(index);
    else nodes[parent]?.children.push(index);
    stack.push({ index, depth: entry.depth });
  });
  const number = (siblings: number[]): void => {
    siblings.forEach((i, pos) => {
      const node = nodes[i];
      if (!node) return;
      node.posInSet = pos + 1;
      node.setSize = siblings.length;
    });
  };
  number(roots);
  for (const node of nodes) number(node.children);
  return nodes;
}

/**
 * The entry whose section holds `page`: the one starting on the highest page
 * not after it (the last such in document order, so the most specific of a
 * chapter and its first section on the same page). Null before the first one.
 */
export function activeOutlineIndex(entries: readonly { pageNumber: number | null }[], page: number): number | null {
  let best: number | null = null;
  let bestPage = 0;
  entries.forEach((entry, index) => {
    if (entry.pageNumber === null || entry.pageNumber > page) return;
    if (entry.pageNumber >= bestPage) {
      best = index;
      bestPage = entry.pageNumber;
    }
  });
  return best;
}

/** Indexes of `index` and all its ancestors. */
export function ancestorsOf(nodes: readonly OutlineNode[], index: number): number[] {
  const out: number[] = [];
  let at: number | null = index;
  while (at !== null) {
    out.push(at);
    at = nodes[at]?.parent ?? null;
  }
  return out;
}

/** The entries shown, in order: every entry whose ancestors are all expanded. */
export function visibleOutline(nodes: readonly OutlineNode[], expanded: ReadonlySet<number>): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (const node of nodes) {
    let shown = true;
    let at = node.parent;
    while (at !== null) {
      if (!expanded.has(at)) {
        shown = false;
        break;
      }
      at = nodes[at]?.parent ?? null;
    }
    if (shown) out.push(node);
  }
  return out;
}

/** Which entries start expanded: every parent in a short outline; none in a long one (the rail opens the current section's path). */
export function initialExpanded(nodes: readonly OutlineNode[], limit = 60): Set<number> {
  if (nodes.length <= limit) return new Set(nodes.filter((n) => n.children.length > 0).map((n) => n.index));
  return new Set();
}
