/** Printing answers and summaries (ask, summarize, show) and plans. */
import type { OpEvent } from '../../shared/api';
import type { AnswerRecord, Plan } from '../../shared/api/domain';
import { formatPageRef } from '../../shared/text/page-labels';
import { toPagewiseError } from '../core/errors';
import { formatInt, formatPageRanges, formatUsd, printJson, ProgressBar, truncate } from './output';
import { writeStdout } from './stdout';

export function printPlan(plan: Plan, json: boolean): void {
  if (json) {
    printJson(plan);
    return;
  }
  const lines = [
    `strategy        ${plan.strategy}${plan.extractive ? ' (offline: extractive, no model used)' : ''}`,
    `model           ${plan.model} (${formatInt(plan.contextWindow)}-token window)`,
    `requests        ${plan.calls}`,
    ...(plan.sources.length > 1
      ? [
          `documents       ${plan.sources.length}${plan.scopeLabel ? ` (${plan.scopeLabel})` : ''}`,
          ...plan.sources.map(
            (s) =>
              `  ${truncate(s.title, 40).padEnd(40)} ${s.pages.length === 0 ? 'no pages' : `pages ${formatPageRanges(s.pages)}`}${s.reasons.length > 0 ? `  (${s.reasons.join('; ')})` : ''}`,
          ),
        ]
      : [`pages sent      ${plan.pages.length} of the document: ${formatPageRanges(plan.pages) || 'none'}`]),
    `prompt tokens   ${formatInt(plan.promptTokens)} (document ${formatInt(plan.documentTokens)}; budget per request ${formatInt(plan.inputBudget)})`,
    `reserved output ${formatInt(plan.reservedOutputTokens)}`,
    plan.extractive
      ? `estimated cost  $0 now (offline: no model is called); with ${plan.model} it would be at most ${formatUsd(plan.estimatedCostUsd)}`
      : `estimated cost  at most ${formatUsd(plan.estimatedCostUsd)} (input + the full answer reserve; answers are usually shorter)`,
  ];
  writeStdout(`${lines.join('\n')}\n`);
}

/** The footer after the answer text: citations with their verification, usage and cost. */
export function printAnswerFooter(answer: AnswerRecord): void {
  const out: string[] = [''];
  if (answer.status === 'complete' && answer.errorMessage) out.push(`Note: ${answer.errorMessage}`, '');
  if (answer.citations.length > 0) {
    const verified = answer.citations.filter((c) => c.verified).length;
    out.push(`Citations: ${verified} of ${answer.citations.length} verified against the page text`);
    // an answer from several documents names each citation's document ("Lease 2019 p. 14")
    const several = (answer.docIds?.length ?? 1) > 1;
    for (const citation of answer.citations) {
      const pages = formatPageRef(citation); // the printed label too: "p. 22 (pdf 36)"
      const where = several ? `${citation.docTitle !== undefined ? truncate(citation.docTitle, 40) : 'which document?'} ${pages}` : pages;
      const mark = citation.verified ? '✓' : '✗';
      const note = citation.verified
        ? ''
        : several && citation.docId === undefined
          ? '  (not found in exactly one of the documents)'
          : citation.quote
            ? '  (quote not found on that page)'
            : '  (page not in the context)';
      out.push(`  ${mark} ${where.padEnd(9)} ${citation.quote ? `"${truncate(citation.quote, 90)}"` : ''}${note}`);
    }
  } else if (!answer.extractive) {
    out.push('Citations: none given');
  }
  const facts = [
    answer.extractive ? 'extractive, no model used' : answer.model,
    answer.strategy,
    answer.cached ? 'from the cache, no cost' : null,
    answer.extractive
      ? null
      : `${formatInt(answer.usage.promptTokens)} prompt (${formatInt(answer.usage.cachedTokens)} cached) + ${formatInt(answer.usage.completionTokens)} output tokens`,
    answer.calls > 1 ? `${answer.calls} requests` : null,
    answer.extractive ? null : formatUsd(answer.costUsd),
    answer.status !== 'complete' ? `status: ${answer.status}` : null,
  ].filter((fact): fact is string => Boolean(fact));
  out.push(facts.join(' · '));
  out.push(`id ${answer.id}`);
  writeStdout(`${out.join('\n')}\n`);
}

/** The JSON object of `ask --json` / `summarize --json`. */
export function answerJson(answer: AnswerRecord): Record<string, unknown> {
  return {
    id: answer.id,
    docId: answer.docId,
    docIds: answer.docIds ?? [answer.docId],
    collectionId: answer.collectionId ?? null,
    scopeLabel: answer.scopeLabel ?? null,
    kind: answer.kind,
    question: answer.question,
    threadId: answer.threadId,
    text: answer.text,
    citations: answer.citations,
    verifiedShare: answer.verifiedShare,
    usage: answer.usage,
    predictedPromptTokens: answer.predictedPromptTokens,
    calls: answer.calls,
    costUsd: answer.costUsd,
    cached: answer.cached,
    extractive: answer.extractive,
    model: answer.model,
    strategy: answer.strategy,
    status: answer.status,
    createdAt: answer.createdAt,
  };
}

/**
 * Run ask or summarize: progress on a bar, the answer streamed to stdout as it
 * arrives (not with --json), then the answer as JSON or its footer.
 */
export async function runStreamedAnswer(
  json: boolean,
  run: (onEvent: (event: OpEvent) => void) => Promise<AnswerRecord>,
  stageLabel: (stage: string) => string = (stage) => stage,
): Promise<AnswerRecord> {
  const bar = new ProgressBar();
  let streamed = false;
  try {
    const answer = await run((event) => {
      if (event.type === 'delta' && !json) {
        bar.clear();
        writeStdout(event.text);
        streamed = true;
      } else if (event.type === 'progress' && event.progress.stage === 'retry') {
        // why it waits (rate limit, provider error), on its own line
        bar.clear();
        if (streamed) writeStdout('\n');
        process.stderr.write(`pagewise: ${event.progress.message ?? 'retrying'}\n`);
      } else if (event.type === 'progress') {
        bar.update(stageLabel(event.progress.stage), event.progress.done, event.progress.total);
      }
    });
    bar.clear();
    if (json) {
      printJson(answerJson(answer));
      return answer;
    }
    if (!streamed) writeStdout(answer.text);
    writeStdout('\n');
    printAnswerFooter(answer);
    return answer;
  } catch (caught) {
    bar.clear();
    if (streamed) writeStdout('\n');
    // the engine's message says whether a partial answer was kept (and only when it was)
    throw toPagewiseError(caught);
  }
}
