import { StrategyChoiceSchema } from '../../shared/api/domain';
import { type Command, choiceOption, intOption, requirePositional, stringOption, UsageError } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';
import { EACH_OPTIONS, eachScope, printSubmitted, runEachDirect } from './each-options';

export const askCommand: Command = {
  usage:
    'pagewise ask <doc> "<question>" [--plan] [--strategy auto|whole|focused|exhaustive] [--budget TOKENS]\n' +
    '                 [--thread ID] [--fresh] [--json]\n' +
    '       pagewise ask --docs a,b | --collection NAME | --all --each [--batch] "<question>"   one answer per document;\n' +
    '                 --batch: as one Batch API job (half price, results within 24 h; prints the job and returns)',
  options: {
    plan: { type: 'boolean' },
    strategy: { type: 'string' },
    budget: { type: 'string' },
    thread: { type: 'string' },
    fresh: { type: 'boolean' },
    ...EACH_OPTIONS,
  },
  async run({ positionals, options, json, session }) {
    const scope = eachScope(options);
    if (scope !== null) {
      if (options.each !== true && options.batch !== true) throw new UsageError('add --each for one answer per document (or --batch to send them as one batch job)');
      const question = positionals.join(' ').trim();
      if (question === '') throw new UsageError('give the question, in quotes');
      const strategy = choiceOption(options, 'strategy', StrategyChoiceSchema.options, 'auto');
      const budgetTokens = intOption(options, 'budget', 500) ?? null;
      const fresh = options.fresh === true;
      const { call } = await session();
      if (options.batch === true) {
        printSubmitted((await call('jobs.askEach', { scope, question, strategy, budgetTokens, fresh })).job, json);
        return 0;
      }
      return runEachDirect(call, scope, json, (docId) => call('analysis.ask', { docId, question, strategy, budgetTokens, fresh }));
    }
    if (options.batch === true || options.each === true) throw new UsageError('--each and --batch need the documents: --docs a,b, --collection NAME or --all');
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const question = positionals.slice(1).join(' ').trim();
    if (question === '') throw new UsageError('give the question after the document, in quotes');
    const strategy = choiceOption(options, 'strategy', StrategyChoiceSchema.options, 'auto');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const threadId = stringOption(options, 'thread') ?? null;
    const { call } = await session();
    // The handlers resolve the reference (id prefix, file name or title).
    const request = { docId: ref, question, strategy, budgetTokens, threadId };

    if (options.plan) {
      printPlan(await call('analysis.plan', request), json);
      return 0;
    }
    const answer = await runStreamedAnswer(json, (onEvent) => call('analysis.ask', { ...request, fresh: options.fresh === true }, onEvent));
    if (!json) process.stdout.write(`Follow up in this conversation with: pagewise ask ${ref} --thread ${answer.threadId ?? answer.id} "..."\n`);
    return 0;
  },
};
