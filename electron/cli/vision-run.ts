/**
 * Vision transcription as the CLI runs it, for `pagewise ocr --ocr vision` and `pagewise ingest --ocr vision`:
 * the cost goes to stderr first (ocr.plan sends nothing), then ocr.run sends the page images with the
 * progress bar. The detail is the one the plan counted (the --detail flag, else the visionDetail setting).
 */
import type { OcrOutcome, OpOutput, VisionDetail } from '../../shared/api';
import { formatUsd, plural, type ProgressBar } from './output';
import type { CliSession } from './session';

type VisionPlan = OpOutput<'ocr.plan'>;

/** "Vision transcription with gpt-4o-mini (low detail): 1 page, 2,870 prompt tokens (2,833 image tokens), $0.0004 for the prompts, ..." */
export function visionCostLine(plan: VisionPlan): string {
  return (
    `Vision transcription with ${plan.model} (${plan.detail} detail): ${plural(plan.pages.length, 'page')}, ${plural(plan.promptTokens, 'prompt token')} ` +
    `(${plural(plan.imageTokens, 'image token')}), ${formatUsd(plan.promptCostUsd)} for the prompts, at most ${formatUsd(plan.maxCostUsd)} with the answers.`
  );
}

/** "  sent 2,870 prompt tokens (2,870 tokens counted before sending), 40 tokens back: $0.0004" */
export function visionUsageLine(usage: NonNullable<OcrOutcome['usage']>): string {
  return `  sent ${plural(usage.promptTokens, 'prompt token')} (${plural(usage.predictedPromptTokens, 'token')} counted before sending), ${plural(usage.completionTokens, 'token')} back: ${formatUsd(usage.costUsd)}`;
}

export interface VisionRunRequest {
  /** A document reference the handlers resolve (id, id prefix, file name or title). */
  docRef: string;
  /** The progress bar's label. */
  label: string;
  detail?: VisionDetail;
  pages?: number[];
}

/** Print the cost of the pages still without text, then transcribe them with the model. */
export async function runVisionWithCost(call: CliSession['call'], bar: ProgressBar, request: VisionRunRequest): Promise<OcrOutcome> {
  const { docRef, label, detail, pages } = request;
  const plan = await call('ocr.plan', { docId: docRef, ...(detail ? { detail } : {}), ...(pages ? { pages } : {}) });
  bar.clear();
  process.stderr.write(`${visionCostLine(plan)}\n`);
  return call('ocr.run', { docId: docRef, mode: 'vision', detail: plan.detail, ...(pages ? { pages } : {}) }, (event) => {
    if (event.type === 'progress') bar.update(`${label}: ${event.progress.message ?? event.progress.stage}`, event.progress.done, event.progress.total);
  });
}
