import { type Command, choiceOption, requirePositional, stringOption } from './command';
import { printJson } from './output';
import { outputPath, writeOutputFile } from './output-file';

const FORMATS = ['md', 'html', 'docx', 'json'] as const;

export const exportCommand: Command = {
  name: 'export',
  summary: "Write an answer, a summary or a document's whole Q&A to a file",
  usage: 'pagewise export <doc|answer-id|summary-id> [--format md|html|docx|json] [--out FILE|FOLDER]',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document or answer id');
    const format = choiceOption(options, 'format', FORMATS, 'md');
    const { call, engine, findAnswerId } = await session();
    const answerId = findAnswerId(ref);
    const target = answerId
      ? ({ kind: 'answer', answerId } as const)
      : ({ kind: 'document', docId: engine.library.resolveDocument(ref).id } as const);
    const rendered = await call('export.render', { target, format });
    const out = outputPath(stringOption(options, 'out'), rendered.fileName);
    const bytes = Buffer.from(rendered.dataBase64, 'base64');
    writeOutputFile(out, bytes);
    if (json) printJson({ file: out, bytes: bytes.length, format, target });
    else process.stdout.write(`Wrote ${out} (${(bytes.length / 1024).toFixed(1)} KB)\n`);
    return 0;
  },
};
