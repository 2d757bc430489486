/** pdf.js in the renderer: the library plus its worker as a separate file (CSP: worker-src 'self'). */
import * as pdfjs from 'pdfjs-dist/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = pdfjs.PDFDocumentProxy;
export type PdfPage = pdfjs.PDFPageProxy;
export const { TextLayer, getDocument } = pdfjs;

export async function openPdf(data: Uint8Array): Promise<{ doc: PdfDocument; destroy: () => Promise<void> }> {
  const task = getDocument({
    data,
    // model output and PDFs are untrusted: no eval, no scripting
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
  });
  const doc = await task.promise;
  return { doc, destroy: () => task.destroy() };
}
