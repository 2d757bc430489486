import { type Command, intOption, requirePositional, stringOption } from './command';
import { answerJson, printAnswerFooter } from './answer-output';
import { formatTable, formatUsd, printJson, truncate } from './output';
import { writeStdout } from './stdout';

export const historyCommand: Command = {
  usage: 'pagewise history [<doc>] [--collection NAME] [--search "words"] [--limit N] [--json]',
  options: { search: { type: 'string' }, limit: { type: 'string' }, collection: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const { call } = await session();
    const docId = positionals[0]; // resolved by the handler (id prefix, file name or title)
    const search = stringOption(options, 'search');
    const collectionId = stringOption(options, 'collection'); // a name or id, resolved by the handler
    const { items } = await call('history.list', {
      ...(docId ? { docId } : {}),
      ...(collectionId ? { collectionId } : {}),
      ...(search ? { search } : {}),
      limit: intOption(options, 'limit') ?? 50,
    });
    if (json) {
      printJson(items.map(answerJson));
      return 0;
    }
    if (items.length === 0) {
      writeStdout(search ? `Nothing in the history matches "${search}".\n` : 'No answers or summaries yet. Ask with: pagewise ask <doc> "<question>"\n');
      return 0;
    }
    const titles = new Map((await call('library.list', {})).documents.map((doc) => [doc.id, doc.title]));
    const rows = items.map((item) => [
      item.id.slice(0, 10),
      item.createdAt.slice(0, 16).replace('T', ' '),
      // an answer over several documents shows its scope ("All documents", a collection, "3 documents")
      truncate((item.docIds?.length ?? 1) > 1 && item.scopeLabel ? item.scopeLabel : (titles.get(item.docId) ?? item.docId.slice(0, 8)), 24),
      item.kind === 'summary' ? `[summary: ${item.question}]` : truncate(item.question, 48),
      item.extractive ? 'extractive' : item.model,
      formatUsd(item.costUsd),
      item.status === 'complete' ? '' : item.status,
    ]);
    writeStdout(`${formatTable(['ID', 'DATE (UTC)', 'DOCUMENT', 'QUESTION', 'MODEL', 'COST', 'STATUS'], rows, new Set([5]))}\n`);
    writeStdout('Read one with: pagewise show <id>\n');
    return 0;
  },
};

export const showCommand: Command = {
  usage: 'pagewise show <answer-id> [--json]',
  options: {},
  async run({ positionals, json, session }) {
    const { call } = await session();
    // a full id or a unique prefix of one: the handler resolves it
    const answer = await call('history.get', { answerId: requirePositional(positionals, 0, 'answer id') });
    if (json) {
      printJson(answerJson(answer));
      return 0;
    }
    writeStdout(`${answer.kind === 'summary' ? `Summary (${answer.question})` : `Q: ${answer.question}`}\n\n${answer.text}\n`);
    printAnswerFooter(answer);
    return 0;
  },
};
