/**
 * askScope: a question over a scope (issue 10). A scope of one document is today's askQuestion (same plan,
 * same prompt); several documents: plan-across.ts's plan, the several-documents prompts (doc="Dk" blocks),
 * citations verified per document, one answer stored with every document it was written from
 * (answer_documents), in the history of each and of the collection.
 */
import type { AnswerRecord } from '../../../shared/api/domain';
import type { ResolvedScope } from '../collections/scope';
import { throwIfAborted } from '../errors';
import { askQuestion, EXTRACTIVE_MODEL_ID, questionKeyParts } from './ask';
import { extractiveAcross } from './extractive';
import { buildSourcesContent } from './pages';
import { planScopeDetail, type ScopePlanDetail } from './plan-across';
import { questionMessages, reduceQuestionMessages, severalDocumentsHeader } from './prompts';
import { countedSoFar, mapThenReduce, relevantPartials, runSingle, startRun } from './reduce';
import { cachedAnswer, cacheKey, runAndSave, saveComplete, ZERO_USAGE, type ContextSource } from './run';
import type { AnalysisContext, AskOptions } from './types';
import type { Plan } from '../../../shared/api/domain';

function scopeOf(scope: ResolvedScope, title: string): NonNullable<AskOptions['scope']> {
  return { kind: scope.kind, label: scope.label, collectionId: scope.collection?.id ?? null, title };
}

export function planScope(ctx: AnalysisContext, scope: ResolvedScope, question: string, opts: AskOptions = {}): Plan {
  return planScopeDetail(ctx, scope, question, opts).plan;
}

function scopeCacheKey(ctx: AnalysisContext, detail: ScopePlanDetail, opts: AskOptions): string {
  const sorted = detail.scope.documents.map((d) => d.id).sort();
  return cacheKey({
    docId: sorted[0] ?? '',
    ...questionKeyParts(ctx, detail, opts, null),
    scope: { docIds: detail.scope.documents.map((d) => d.id), kind: detail.scope.kind, collectionId: detail.scope.collection?.id ?? null },
  });
}

export async function askScope(ctx: AnalysisContext, scope: ResolvedScope, question: string, opts: AskOptions = {}): Promise<AnswerRecord> {
  throwIfAborted(opts.signal);
  const detail = planScopeDetail(ctx, scope, question, opts);
  if (detail.one) {
    const source = detail.sources[0];
    return askQuestion(ctx, source?.docId ?? '', question, { ...opts, scope: scopeOf(scope, source?.title ?? '') });
  }
  const key = scopeCacheKey(ctx, detail, opts);
  const firstId = detail.sources[0]?.docId ?? '';
  const hit = cachedAnswer(ctx, firstId, key, opts.fresh);
  if (hit) return hit;
  const threadId = opts.threadId ?? null;
  const q = detail.question;
  const context: ContextSource[] = detail.sources.map((s) => ({ docId: s.docId, key: s.key, title: s.title, pages: s.pages }));
  const stored = { sources: context, collectionId: scope.collection?.id ?? null, scopeLabel: scope.label };

  if (ctx.provider === null) {
    const result = extractiveAcross(ctx.library, context, q);
    const record = saveComplete(ctx, {
      ...stored, docId: firstId, kind: 'answer', question: q, threadId, text: result.text, modelId: EXTRACTIVE_MODEL_ID,
      strategy: detail.strategy, extractive: true, usage: ZERO_USAGE, predictedPromptTokens: 0, calls: 0,
    }, key, []);
    opts.onDelta?.(record.text);
    return record;
  }

  const { state, onDelta } = startRun(opts.onDelta);
  const base = () => ({
    ...stored, docId: firstId, kind: 'answer' as const, question: q, threadId, text: state.streamed, modelId: ctx.model.id, strategy: detail.strategy,
    extractive: false, usage: state.usage,
    ...countedSoFar(state, detail.plan.promptTokens),
  });
  return runAndSave(ctx, base, key, [], async () => {
    if (detail.ranges.length === 0) {
      const build = () => questionMessages(buildSourcesContent(ctx.library, detail.header, detail.sources).content, detail.turns, q, 'answer', true);
      return runSingle(ctx, 'answer', build, detail.reserve, state, opts.signal, opts.onProgress, onDelta);
    }
    // a map request reads one document's range; its list names that document under its key
    const requests = detail.ranges.map((r) =>
      questionMessages(buildSourcesContent(ctx.library, severalDocumentsHeader([{ key: r.key, title: r.title }]), [r]).content, [], q, 'map', true),
    );
    const text = await mapThenReduce(ctx, requests, (group) => reduceQuestionMessages(group, detail.turns, q, true), detail, state, opts, onDelta, relevantPartials);
    return { text, note: null };
  });
}
