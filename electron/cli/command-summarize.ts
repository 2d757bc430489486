import { SummaryKindSchema } from '../../shared/api/domain';
import { type Command, choiceOption, intOption, requirePositional, UsageError } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';
import { EACH_OPTIONS, eachScope, printSubmitted, runEachDirect } from './each-options';

export const summarizeCommand: Command = {
  usage:
    'pagewise summarize <doc> [--kind brief|detailed|chapters|key-terms] [--plan] [--budget TOKENS] [--fresh] [--json]\n' +
    '       pagewise summarize --docs a,b | --collection NAME | --all [--batch] [--kind ...]   a summary of each document;\n' +
    '                 --batch: as one Batch API job (half price, results within 24 h; prints the job and returns)',
  options: { kind: { type: 'string' }, plan: { type: 'boolean' }, budget: { type: 'string' }, fresh: { type: 'boolean' }, ...EACH_OPTIONS },
  async run({ positionals, options, json, session }) {
    const scope = eachScope(options);
    if (scope !== null) {
      if (positionals.length > 0) throw new UsageError('give the documents either as <doc> or with --docs/--collection/--all, not both');
      const kind = choiceOption(options, 'kind', SummaryKindSchema.options, 'brief');
      const budgetTokens = intOption(options, 'budget', 500) ?? null;
      const fresh = options.fresh === true;
      const { call } = await session();
      if (options.batch === true) {
        printSubmitted((await call('jobs.summarizeEach', { scope, kind, budgetTokens, fresh })).job, json);
        return 0;
      }
      return runEachDirect(call, scope, json, (docId) => call('analysis.summarize', { docId, kind, budgetTokens, fresh }));
    }
    if (options.batch === true) throw new UsageError('--batch needs the documents: --docs a,b, --collection NAME or --all');
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
