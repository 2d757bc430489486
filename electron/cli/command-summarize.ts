import { SummaryKindSchema } from '../../shared/api/domain';
import { unwrapLazy } from '../../shared/api/zod';
import { type Command, choiceOption, intOption, requirePositional } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';
import { EACH_NOTE, EACH_OPTIONS, EACH_USAGE, eachScope, runSummarizeEach } from './each-options';

export const summarizeCommand: Command = {
  usage: `pagewise summarize <doc> [--kind brief|detailed|chapters|key-terms] [--plan] [--budget TOKENS] [--fresh] [--json]\n       pagewise summarize ${EACH_USAGE} [--kind ...]\n  ${EACH_NOTE}`,
  options: { kind: { type: 'string' }, plan: { type: 'boolean' }, budget: { type: 'string' }, fresh: { type: 'boolean' }, ...EACH_OPTIONS },
  async run({ positionals, options, json, session }) {
    const each = eachScope(options, true);
    if (each !== null) return runSummarizeEach(session, each, positionals, options, json);
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const kind = choiceOption(options, 'kind', unwrapLazy(SummaryKindSchema).options, 'brief');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const { call } = await session();
    const docId = ref; // resolved by the handlers (id prefix, file name or title)
    if (options.plan) {
      printPlan(await call('analysis.planSummary', { docId, kind, budgetTokens }), json);
      return 0;
    }
    await runStreamedAnswer(
      json,
      (onEvent) => call('analysis.summarize', { docId, kind, budgetTokens, fresh: options.fresh === true }, onEvent),
      (stage) => (stage === 'map' ? 'reading chunks' : stage),
    );
    return 0;
  },
};
