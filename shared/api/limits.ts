/**
 * Limits that the engine's parsing code needs without the contract's schemas (no zod here: the
 * pdf worker threads import this). domain.ts re-exports them.
 */

/** Most characters of text kept from one page; a page with more (a generated blob) is cut and listed in truncatedPages. */
export const MAX_PAGE_TEXT_CHARS = 200_000;
