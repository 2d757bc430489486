import { StrategyChoiceSchema } from '../../shared/api/domain';
import { type Command, choiceOption, intOption, requirePositional, stringOption, UsageError } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';
import { EACH_NOTE, EACH_OPTIONS, EACH_USAGE, eachScope, runAskEach } from './each-options';

export const askCommand: Command = {
  usage:
    'pagewise ask <doc> "<question>" [--plan] [--strategy auto|whole|focused|exhaustive] [--budget TOKENS]\n' +
    '                 [--thread ID] [--fresh] [--json]\n' +
    `pagewise ask ${EACH_USAGE} "<question>"\n  ${EACH_NOTE}`,
  options: {
    plan: { type: 'boolean' },
    strategy: { type: 'string' },
    budget: { type: 'string' },
    thread: { type: 'string' },
    fresh: { type: 'boolean' },
    ...EACH_OPTIONS,
  },
  async run({ positionals, options, json, session }) {
    const each = eachScope(options);
    if (each !== null) return runAskEach(session, each, positionals, options, json);
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
