/**
 * Which contract file declares each operation, so a front door can load one area's schemas
 * (and the engine one area's handlers) instead of all sixty operations' at start-up: a CLI run
 * that lists the library should not build the extraction or batch schemas (issue 9, start-up).
 * The map is checked by the compiler against the contract (every operation, nothing else) and
 * by tests/integration/contract-api.test.ts (each operation is in the file named here).
 * Imports only types: loading this file builds no schema.
 */
import type { Api, OpName } from './contract';

/** The contract's per-area files (shared/api/<area>.ts). */
export type ContractArea = 'library' | 'collections' | 'ocr' | 'analysis' | 'compare' | 'history' | 'export' | 'extract' | 'settings' | 'app' | 'jobs';

export const OP_AREA = {
  'library.ingest': 'library',
  'library.list': 'library',
  'library.info': 'library',
  'library.rename': 'library',
  'library.remove': 'library',
  'library.search': 'library',
  'library.page': 'library',
  'collection.list': 'collections',
  'collection.get': 'collections',
  'collection.create': 'collections',
  'collection.add': 'collections',
  'collection.remove': 'collections',
  'collection.rename': 'collections',
  'collection.delete': 'collections',
  'ocr.run': 'ocr',
  'ocr.text': 'ocr',
  'ocr.plan': 'ocr',
  'ocr.languages': 'ocr',
  'ocr.cancel': 'ocr',
  'ocr.status': 'ocr',
  'ocr.words': 'ocr',
  'analysis.plan': 'analysis',
  'analysis.ask': 'analysis',
  'analysis.planSummary': 'analysis',
  'analysis.summarize': 'analysis',
  'analysis.planCompare': 'compare',
  'analysis.compare': 'compare',
  'history.comparisons': 'compare',
  'history.comparison': 'compare',
  'history.deleteComparison': 'compare',
  'export.comparison': 'compare',
  'history.list': 'history',
  'history.get': 'history',
  'export.render': 'export',
  'extraction.plan': 'extract',
  'extraction.run': 'extract',
  'extraction.list': 'extract',
  'extraction.get': 'extract',
  'extraction.export': 'extract',
  'template.list': 'extract',
  'template.get': 'extract',
  'template.save': 'extract',
  'template.delete': 'extract',
  'template.import': 'extract',
  'template.export': 'extract',
  'settings.get': 'settings',
  'settings.connection': 'settings',
  'settings.update': 'settings',
  'app.info': 'app',
  'shell.openPdfDialog': 'app',
  'shell.saveExport': 'app',
  'jobs.list': 'jobs',
  'jobs.get': 'jobs',
  'jobs.wait': 'jobs',
  'jobs.refresh': 'jobs',
  'jobs.cancel': 'jobs',
  'jobs.retryFailed': 'jobs',
  'jobs.askEach': 'jobs',
  'jobs.compareEach': 'jobs',
  'jobs.summarizeEach': 'jobs',
  'jobs.extractEach': 'jobs',
} as const satisfies Record<OpName, ContractArea>;

export function isOpName(value: unknown): value is OpName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OP_AREA, value);
}

type AreaOps = Partial<{ [K in OpName]: Api[K] }>;

/** Each area's operations, imported on first use (a dynamic import: the bundles keep it lazy). */
const AREA_OPS: Record<ContractArea, () => Promise<AreaOps>> = {
  library: async () => (await import('./library')).libraryOps,
  collections: async () => (await import('./collections')).collectionOps,
  ocr: async () => (await import('./ocr')).ocrOps,
  analysis: async () => (await import('./analysis')).analysisOps,
  compare: async () => (await import('./compare')).compareOps,
  history: async () => (await import('./history')).historyOps,
  export: async () => (await import('./export')).exportOps,
  extract: async () => (await import('./extract')).extractOps,
  settings: async () => (await import('./settings')).settingsOps,
  app: async () => (await import('./app')).appOps,
  jobs: async () => (await import('./jobs')).jobOps,
};

/** One operation's declaration (schemas, events, scope), loading only its area's file. */
export async function loadOpDefinition<Op extends OpName>(op: Op): Promise<Api[Op]> {
  const ops = await AREA_OPS[OP_AREA[op]]();
  const def = ops[op];
  if (!def) throw new Error(`Operation "${op}" is not declared in shared/api/${OP_AREA[op]}.ts.`);
  return def as Api[Op];
}
