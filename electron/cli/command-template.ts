/** `pagewise template list|show|import|export|delete`: extraction templates (issue 12). */
import { readFileSync } from 'node:fs';
import { FIELD_TYPE_LABELS, type Template } from '../../shared/api/extract';
import { type Command, requirePositional, stringOption, UsageError } from './command';
import { formatTable, printJson, truncate } from './output';
import { outputPath, writeOutputFile } from './output-file';
import { writeStdout } from './stdout';

const USAGE = [
  'pagewise template list [--json]',
  'pagewise template show NAME [--json]',
  'pagewise template import FILE.json [--json]',
  'pagewise template export NAME [--out FILE.json]',
  'pagewise template delete NAME',
].join('\n');

function printTemplate(t: Template): void {
  writeStdout(`${t.name}${t.builtIn ? ' (built in)' : ''}: ${t.fields.length} fields\n`);
  const rows = t.fields.map((f) => [f.name, FIELD_TYPE_LABELS[f.type], truncate(f.description, 70)]);
  writeStdout(`${formatTable(['FIELD', 'TYPE', 'DESCRIPTION'], rows)}\n`);
}

export const templateCommand: Command = {
  usage: USAGE,
  options: { out: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const [verb, ...rest] = positionals;
    const { call } = await session();
    switch (verb) {
      case 'list':
      case undefined: {
        const { templates } = await call('template.list', {});
        if (json) printJson(templates);
        else writeStdout(`${formatTable(['NAME', 'FIELDS', 'KIND'], templates.map((t) => [t.name, String(t.fields.length), t.builtIn ? 'built in' : 'saved']))}\n`);
        return 0;
      }
      case 'show': {
        const { template } = await call('template.get', { template: requirePositional(rest, 0, 'template name') });
        if (json) printJson(template);
        else printTemplate(template);
        return 0;
      }
      case 'import': {
        const file = requirePositional(rest, 0, 'template file (.json)');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
        const { template } = await call('template.import', { json: text });
        if (json) printJson(template);
        else writeStdout(`Saved template "${template.name}" (${template.fields.length} fields).\n`);
        return 0;
      }
      case 'export': {
        const exported = await call('template.export', { template: requirePositional(rest, 0, 'template name') });
        const path = outputPath(stringOption(options, 'out'), exported.fileName);
        writeOutputFile(path, Buffer.from(exported.json, 'utf8'));
        if (json) printJson({ file: path });
        else writeStdout(`Wrote ${path}\n`);
        return 0;
      }
      case 'delete': {
        const { deleted } = await call('template.delete', { template: requirePositional(rest, 0, 'template name') });
        writeStdout(deleted ? 'Deleted.\n' : 'Nothing to delete.\n');
        return 0;
      }
      default:
        throw new UsageError(`unknown template command "${verb}": use list, show, import, export or delete`);
    }
  },
};
