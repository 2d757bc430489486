/**
 * The one source of every default setting (docs/ARCHITECTURE.md, "Defaults").
 * The engine's settings, the analysis context, the CLI's help and the
 * Settings dialog all read these; nothing else spells them out.
 */
export const DEFAULTS = Object.freeze({
  /** The model the app is built around (a row of the engine's model table). */
  model: 'gpt-4o-mini',
  /** Output tokens reserved per request for the answer (max_tokens). */
  answerReserveTokens: 4_096,
  /** Parallel model requests for long summaries and exhaustive answers. */
  concurrency: 4,
  /** Most parallel requests a user may ask for. */
  maxConcurrency: 16,
  /** How ingest reads pages without a text layer: offline OCR on this computer. */
  ocrMode: 'auto',
  /** How closely the model looks at a page image in vision transcription. */
  visionDetail: 'high',
  /** The language offline OCR reads (a tesseract language code; its data is the npm package @tesseract.js-data/<code>). */
  ocrLanguage: 'eng',
} as const);
