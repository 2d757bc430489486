/**
 * Row selection in the library table, as plain functions so the rules can be tested: a click
 * selects one row, Ctrl/Cmd+click (or a checkbox) toggles one, Shift+click selects the range
 * from the last row clicked. Ids not in `order` (a removed document) fall out.
 */

export interface Selection {
  ids: ReadonlySet<string>;
  /** the row a Shift+click range starts from */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export type SelectHow = 'only' | 'toggle' | 'range';

export function select(order: readonly string[], current: Selection, id: string, how: SelectHow): Selection {
  if (how === 'only') return { ids: new Set([id]), anchor: id };
  if (how === 'toggle') {
    const ids = new Set(current.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  const from = current.anchor === null ? -1 : order.indexOf(current.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return select(order, current, id, 'toggle');
  const ids = new Set(current.ids);
  const [a, b] = from < to ? [from, to] : [to, from];
  for (const rowId of order.slice(a, b + 1)) ids.add(rowId);
  // the anchor stays: Shift+click again re-extends from the same row
  return { ids, anchor: current.anchor };
}

/** How a mouse click on a row (or its checkbox) selects. */
export function howFromEvent(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }, onCheckbox: boolean): SelectHow {
  if (e.shiftKey) return 'range';
  if (onCheckbox || e.ctrlKey || e.metaKey) return 'toggle';
  return 'only';
}

export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** Keep only ids still listed, in the table's order. */
export function prune(order: readonly string[], current: Selection): Selection {
  if ([...current.ids].every((id) => order.includes(id))) return current;
  const ids = new Set(order.filter((id) => current.ids.has(id)));
  return { ids, anchor: current.anchor !== null && ids.has(current.anchor) ? current.anchor : null };
}

export function selectedInOrder(order: readonly string[], current: Selection): string[] {
  return order.filter((id) => current.ids.has(id));
}
