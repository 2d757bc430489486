/**
 * pdf worker thread (bundled to dist/node/pdf-worker.js): opens the document once, then
 * extracts the pages the pool asks for, one at a time, in the order asked. Kept by the pool between
 * documents ('release', then 'open'), it keeps pdf.js loaded and compiled for the next one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDocument, extractPage, openDocument } from './document';
import type { PdfDoc } from './document';
import type { FromWorker, PdfWorkerData, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('pdf-worker.js must run as a worker thread');

const send = (message: FromWorker): void => port.postMessage(message);

let doc: PdfDoc | null = null;
let chain: Promise<void> = Promise.resolve();

async function release(): Promise<void> {
  if (doc) await closeDocument(doc);
  doc = null;
}

async function open(init: PdfWorkerData): Promise<void> {
  try {
    // pdf.js takes ownership of the bytes it gets: give it this thread's own copy
    const bytes = new Uint8Array(init.byteLength);
    bytes.set(new Uint8Array(init.data, 0, init.byteLength));
    doc = await openDocument(bytes, init.password);
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
  }
}

chain = open(workerData as PdfWorkerData);

// Requests run one at a time, in the order they came: each waits behind the one before.
port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    chain = chain.then(async () => {
      await release();
      port.close();
    });
  } else if (message.type === 'release') {
    chain = chain.then(release);
  } else if (message.type === 'open') {
    chain = chain.then(async () => {
      await release();
      await open(message.init);
    });
  } else {
    chain = chain.then(async () => {
      if (!doc) return;
      const page = await extractPage(doc, message.pageNumber, message.label);
      send({ type: 'page', id: message.id, page });
    });
  }
});
