import { StrategyChoiceSchema } from '../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../core/errors';
import { type Command, choiceOption, intOption, requirePositional, stringOption, UsageError } from './command';
import { answerJson, printAnswerFooter, printPlan } from './answer-output';
import { printJson, ProgressBar } from './output';

export const askCommand: Command = {
  name: 'ask',
  summary: 'Ask a question; the answer cites pages the app has checked',
  usage:
    'pagewise ask <doc> "<question>" [--plan] [--strategy auto|whole|focused|exhaustive] [--budget TOKENS]\n' +
    '                 [--thread ID] [--fresh] [--json]',
  options: {
    plan: { type: 'boolean' },
    strategy: { type: 'string' },
    budget: { type: 'string' },
    thread: { type: 'string' },
    fresh: { type: 'boolean' },
  },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const question = positionals.slice(1).join(' ').trim();
    if (question === '') throw new UsageError('give the question after the document, in quotes');
    const strategy = choiceOption(options, 'strategy', StrategyChoiceSchema.options, 'auto');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const threadId = stringOption(options, 'thread') ?? null;
    const { call, engine } = await session();
    const docId = engine.library.resolveDocument(ref).id;
    const request = { docId, question, strategy, budgetTokens, threadId };

    if (options.plan) {
      printPlan(await call('analysis.plan', request), json);
      return 0;
    }
    const bar = new ProgressBar();
    let streamed = false;
    try {
      const answer = await call('analysis.ask', { ...request, fresh: options.fresh === true }, (event) => {
        if (event.type === 'delta' && !json) {
          bar.clear();
          process.stdout.write(event.text);
          streamed = true;
        } else if (event.type === 'progress') {
          bar.update(event.progress.stage, event.progress.done, event.progress.total);
        }
      });
      bar.clear();
      if (json) {
        printJson(answerJson(answer));
        return 0;
      }
      if (!streamed) process.stdout.write(answer.text);
      process.stdout.write('\n');
      printAnswerFooter(answer);
      process.stdout.write(`Follow up in this conversation with: pagewise ask ${ref} --thread ${answer.threadId ?? answer.id} "..."\n`);
      return 0;
    } catch (caught) {
      bar.clear();
      if (streamed) process.stdout.write('\n');
      const error = toPagewiseError(caught);
      if (streamed && error.code !== 'CANCELLED') {
        throw new PagewiseError(error.code, `${error.message} The partial answer is kept in history as incomplete.`);
      }
      throw error;
    }
  },
};
