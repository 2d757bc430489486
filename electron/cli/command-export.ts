import type { ExportTarget } from '../../shared/api/export';
import { PagewiseError, toPagewiseError } from '../core/errors';
import { type Command, choiceOption, requirePositional, stringOption } from './command';
import { printJson } from './output';
import { outputPath, writeOutputFile } from './output-file';
import type { CliSession } from './session';
import { writeStdout } from './stdout';

const FORMATS = ['md', 'html', 'docx', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `export <ref>`: an answer or summary when ref is (a prefix of) an answer id, else a comparison's table
 * (`pagewise compare`), else a document's whole Q&A. The lookups happen in the handler; a ref that is none
 * of them says why for each.
 */
async function renderAnswerOrDocument(call: CliSession['call'], ref: string, format: Format) {
  const render = async (target: ExportTarget) => ({ rendered: await call('export.render', { target, format }), target });
  let asAnswer: PagewiseError;
  try {
    return await render({ kind: 'answer', answerId: ref });
  } catch (caught) {
    asAnswer = toPagewiseError(caught);
    if (asAnswer.code !== 'ANSWER_NOT_FOUND') throw asAnswer;
  }
  try {
    return await render({ kind: 'comparison', comparisonId: ref });
  } catch (caught) {
    const asComparison = toPagewiseError(caught);
    if (asComparison.code !== 'ANSWER_NOT_FOUND') throw asComparison;
  }
  try {
    return await render({ kind: 'document', docId: ref });
  } catch (caught) {
    const asDocument = toPagewiseError(caught);
    if (asDocument.code !== 'DOC_NOT_FOUND') throw asDocument;
    throw new PagewiseError('DOC_NOT_FOUND', `Nothing to export is called "${ref}". ${asDocument.message} ${asAnswer.message}`);
  }
}

export const exportCommand: Command = {
  usage: 'pagewise export <doc|answer-id|summary-id|comparison-id> [--format md|html|docx|json|csv] [--out FILE|FOLDER]',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document or answer id');
    const format = choiceOption(options, 'format', FORMATS, 'md');
    const { call } = await session();
    const { rendered, target } = await renderAnswerOrDocument(call, ref, format);
    const out = outputPath(stringOption(options, 'out'), rendered.fileName);
    const bytes = Buffer.from(rendered.dataBase64, 'base64');
    writeOutputFile(out, bytes);
    if (json) printJson({ file: out, bytes: bytes.length, format, target });
    else writeStdout(`Wrote ${out} (${(bytes.length / 1024).toFixed(1)} KB)\n`);
    return 0;
  },
};
