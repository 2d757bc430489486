import { SummaryKindSchema } from '../../shared/api/domain';
import { type Command, choiceOption, intOption, requirePositional } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';

export const summarizeCommand: Command = {
  usage: 'pagewise summarize <doc> [--kind brief|detailed|chapters|key-terms] [--plan] [--budget TOKENS] [--fresh] [--json]',
  options: { kind: { type: 'string' }, plan: { type: 'boolean' }, budget: { type: 'string' }, fresh: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const kind = choiceOption(options, 'kind', SummaryKindSchema.options, 'brief');
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
