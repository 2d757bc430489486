/** app.*: about the running app; shell.*: native dialogs, answered only by Electron main. */
import * as z from './zod';
import { ExportFormatSchema, ExportTargetSchema } from './export';
import { EmptyInputSchema, defineOp } from './op';

export const TransportSchema = z.lazy(() => z.enum(['ipc', 'http', 'direct']));
export type Transport = z.infer<typeof TransportSchema>;

export const appOps = {
  'app.info': defineOp({
    summary: 'Version, transport, offline mode and where the library lives.',
    input: () => EmptyInputSchema,
    output: () => z.object({
      version: z.string(),
      transport: TransportSchema,
      /** True when no provider is configured: answers are extractive. */
      offline: z.boolean(),
      libraryPath: z.string(),
    }),
  }),
  'shell.openPdfDialog': defineOp({
    summary: 'Electron only: the native open dialog for PDFs; returns the chosen paths (empty when cancelled).',
    scope: 'shell',
    input: () => EmptyInputSchema,
    output: () => z.object({ paths: z.array(z.string()) }),
  }),
  'shell.saveExport': defineOp({
    summary: 'Electron only: render an export and write it where the user picks in the native save dialog.',
    scope: 'shell',
    input: () => z.strictObject({ target: ExportTargetSchema, format: ExportFormatSchema }),
    output: () => z.object({ saved: z.boolean(), path: z.nullable(z.string()) }),
  }),
} as const;
