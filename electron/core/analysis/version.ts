/**
 * The analysis version: what an answer depends on besides the document, the
 * model and the question. The prompt and the ranking decide what the model is
 * sent, so they are part of the answer cache key (a change asks the model
 * again). The verifier only decides the marks on what the model wrote, so it
 * is not in the key: stored answers are re-verified when read instead
 * (store/citation-marks.ts), which costs no model call.
 */
import { VERIFIER_VERSION } from './citations';
import { PROMPT_VERSION } from './prompts';
import { RANKING_VERSION } from './ranking';

export const ANALYSIS_VERSION = Object.freeze({ prompt: PROMPT_VERSION, ranking: RANKING_VERSION, verifier: VERIFIER_VERSION });

/** The part of the analysis version that decides what is sent to the model (hashed into the cache key). */
export const REQUEST_VERSION = `${PROMPT_VERSION}|${RANKING_VERSION}`;
