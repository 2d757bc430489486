export { Library, openLibrary, pageHeading, BUSY_TIMEOUT_MS, PAGE_FTS_WEIGHTS } from './library';
export type { LibrarySearchHit, NewDocument, NewPage, PageStat } from './library';
export { defaultLibraryPath } from './paths';
export { parseUserQuery, andExpression, orExpression, normalizeQuestion } from './fts-query';
export type { UserQuery } from './fts-query';
export { MIGRATIONS, SCHEMA_VERSION } from './schema';
export { OcrPageStore } from './ocr-pages';
export type { OcrPageResult, OcrState, OcrStatus, OcrWord, PageSource, StoredPageText } from './ocr-pages';
