export { LOW_CONFIDENCE, ocrSummary, runOcr } from './job';
export type { OcrRunOptions, OcrRunResult } from './job';
export { MAX_RENDER_PIXELS, OCR_DPI, openForRender, renderPage, renderScale, toGrayPgm } from './render';
export type { RenderedPage } from './render';
export { OcrPool, ocrPoolSize, tesseractJsVersion } from './tesseract';
export { availableOcrLanguages, dataPackage, languageData, languageDataPath, requireOcrLanguage } from './languages';
export { parseTsv } from './tsv';
export type { RecognisedPage } from './tsv';
