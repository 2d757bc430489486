import { StrategyChoiceSchema } from '../../shared/api/domain';
import { unwrapLazy } from '../../shared/api/zod';
import { type Command, choiceOption, intOption, requirePositional, stringOption, UsageError } from './command';
import { printPlan, runStreamedAnswer } from './answer-output';
import { SCOPE_OPTIONS, SCOPE_USAGE, scopeFromOptions } from './scope-options';
import { EACH_NOTE, EACH_OPTIONS, EACH_USAGE, eachScope, runAskEach } from './each-options';
import { writeStdout } from './stdout';

export const askCommand: Command = {
  usage:
    'pagewise ask <doc> "<question>" [--plan] [--strategy auto|whole|focused|exhaustive] [--budget TOKENS]\n' +
    '                 [--thread ID] [--fresh] [--json]\n' +
    `pagewise ask ${SCOPE_USAGE} "<question>" [options as above]   (one answer from several documents)` +
    '\n' +
    `pagewise ask ${EACH_USAGE} "<question>"\n  ${EACH_NOTE}`,
  options: {
    plan: { type: 'boolean' },
    strategy: { type: 'string' },
    budget: { type: 'string' },
    thread: { type: 'string' },
    fresh: { type: 'boolean' },
    ...SCOPE_OPTIONS,
    ...EACH_OPTIONS,
  },
  async run({ positionals, options, json, session }) {
    // --each: one answer per document (directly or as a batch); else --all/--collection/--docs: one answer from them
    const each = eachScope(options);
    if (each !== null) return runAskEach(session, each, positionals, options, json);
    const scope = scopeFromOptions(options);
    // with a scope every positional is the question; without one the first names the document
    const ref = scope === null ? requirePositional(positionals, 0, 'document (id, file name or title), or --all / --collection / --docs') : null;
    const question = positionals.slice(scope === null ? 1 : 0).join(' ').trim();
    if (question === '') throw new UsageError(scope === null ? 'give the question after the document, in quotes' : 'give the question, in quotes');
    const strategy = choiceOption(options, 'strategy', unwrapLazy(StrategyChoiceSchema).options, 'auto');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const threadId = stringOption(options, 'thread') ?? null;
    const { call } = await session();
    // The handlers resolve the references (id prefix, file name or title; a collection by name or id).
    const request = { ...(scope !== null ? { scope } : { docId: ref ?? '' }), question, strategy, budgetTokens, threadId };

    if (options.plan) {
      printPlan(await call('analysis.plan', request), json);
      return 0;
    }
    const answer = await runStreamedAnswer(json, (onEvent) => call('analysis.ask', { ...request, fresh: options.fresh === true }, onEvent));
    if (!json) {
      const target = scope === null ? ref : 'all' in scope ? '--all' : 'collection' in scope ? `--collection "${scope.collection}"` : `--docs ${scope.docIds.join(',')}`;
      writeStdout(`Follow up in this conversation with: pagewise ask ${target} --thread ${answer.threadId ?? answer.id} "..."\n`);
    }
    return 0;
  },
};
