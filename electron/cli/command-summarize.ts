import { SummaryKindSchema } from '../../shared/api/domain';
import { toPagewiseError } from '../core/errors';
import { type Command, choiceOption, intOption, requirePositional } from './command';
import { answerJson, printAnswerFooter, printPlan } from './answer-output';
import { printJson, ProgressBar } from './output';

export const summarizeCommand: Command = {
  name: 'summarize',
  summary: 'Summarize a whole document, however long, with page citations',
  usage: 'pagewise summarize <doc> [--kind brief|detailed|chapters|key-terms] [--plan] [--budget TOKENS] [--fresh] [--json]',
  options: { kind: { type: 'string' }, plan: { type: 'boolean' }, budget: { type: 'string' }, fresh: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const kind = choiceOption(options, 'kind', SummaryKindSchema.options, 'brief');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const { call, engine } = await session();
    const docId = engine.library.resolveDocument(ref).id;
    if (options.plan) {
      printPlan(await call('analysis.planSummary', { docId, kind, budgetTokens }), json);
      return 0;
    }
    const bar = new ProgressBar();
    let streamed = false;
    try {
      const summary = await call('analysis.summarize', { docId, kind, budgetTokens, fresh: options.fresh === true }, (event) => {
        if (event.type === 'progress') {
          const label = event.progress.stage === 'map' ? 'reading chunks' : event.progress.stage;
          bar.update(label, event.progress.done, event.progress.total);
        } else if (event.type === 'delta' && !json) {
          bar.clear();
          process.stdout.write(event.text);
          streamed = true;
        }
      });
      bar.clear();
      if (json) {
        printJson(answerJson(summary));
        return 0;
      }
      if (!streamed) process.stdout.write(summary.text);
      process.stdout.write('\n');
      printAnswerFooter(summary);
      return 0;
    } catch (caught) {
      bar.clear();
      if (streamed) process.stdout.write('\n');
      throw toPagewiseError(caught);
    }
  },
};
