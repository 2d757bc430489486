/** JSON columns holding lists (outline, page numbers, OCR words): a damaged value reads as an empty list. */
export function jsonArray(json: string): unknown[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}
