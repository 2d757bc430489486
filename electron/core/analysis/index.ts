/** The analysis engine (docs/ARCHITECTURE.md, "analysis/"): plans, questions, summaries, citations. */
export type { AnalysisContext, AnalysisSettings, AskOptions, SummaryOptions } from './types';
export { DEFAULT_ANALYSIS_SETTINGS } from './types';
export { planQuestion, planSummary, MAX_QUESTION_CHARS } from './plan';
export { askQuestion, EXTRACTIVE_MODEL_ID } from './ask';
export { summarize } from './summarize';
export { askScope, planScope } from './ask-across';
export { parseCitations, verifyCitations, verifiedShare, quoteOccursIn, normalizeForMatch, VERIFIER_VERSION } from './citations';
export type { ParsedCitation, VerifyOptions } from './citations';
export { rankPages } from './ranking';
export type { RankedPage } from './ranking';
export { PROMPT_VERSION, EXTRACTIVE_ANSWER_LABEL, EXTRACTIVE_SUMMARY_LABEL } from './prompts';
export { ANALYSIS_VERSION } from './version';
export { forgetDocument } from './pages';
export { documentFit } from './fit';
