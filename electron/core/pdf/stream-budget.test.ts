// The FlateDecode, LZWDecode and RunLengthDecode bounds: the pre-scan of a whole file (stream-budget.ts) and the per-stream cap of
// the inflater pdf.js uses (inflate.ts), on generated "zip bombs" that are small on disk.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  makeContentBombPdf,
  makeLzwBombPdf,
  makeLzwTextPdf,
  makeManyStreamBombPdf,
  makeRunLengthBombPdf,
  makeRunLengthTextPdf,
  zeroBombStream,
} from '../../../tests/fixtures/make-hostile-fixtures';
import { makeBookPdf, PDFDocument, PDFName, PDFString } from '../../../tests/fixtures/make-fixtures';
import { installSyncInflate, MAX_INFLATED_STREAM_BYTES } from './inflate';
import { checkStreamBudget, DEFAULT_STREAM_BUDGET } from './stream-budget';

async function inflateThroughShim(data: Uint8Array): Promise<number> {
  installSyncInflate();
  const Stream = (globalThis as unknown as { DecompressionStream: new (format: string) => { readable: AsyncIterable<Uint8Array>; writable: WritableStream<Uint8Array> } })
    .DecompressionStream;
  const { readable, writable } = new Stream('deflate');
  const writer = writable.getWriter();
  await writer.ready;
  void writer.write(data).then(() => writer.close());
  let total = 0;
  for await (const chunk of readable) total += chunk.byteLength;
  return total;
}

describe('FlateDecode bounds', () => {
  it('the bomb fixture is what it claims: ~1 KB per MiB that inflates to zeros', () => {
    const stream = zeroBombStream(4);
    expect(stream.byteLength).toBeLessThan(8 * 1024);
  });

  it('a 2 MB file whose one stream inflates to 2 GiB is refused as PDF_TOO_LARGE', async () => {
    const pdf = await makeContentBombPdf(2048);
    expect(pdf.byteLength).toBeLessThan(3 * 1024 * 1024);
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/256 MB/) });
  });

  it('many streams that are each fine but together too much are refused for the document', async () => {
    const pdf = await makeManyStreamBombPdf(6, 200); // 6 x 200 MiB = 1.2 GiB > 1 GiB
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/This PDF expands to more than 1 GiB/) });
    // the same streams fit a bigger budget: the limit, not the file, decides
    await expect(checkStreamBudget(pdf, { maxStreamBytes: 256 * 1024 * 1024, maxDocumentBytes: 2048 * 1024 * 1024 })).resolves.toBeUndefined();
  });

  it('Flate streams behind ASCII85 count toward the document too', async () => {
    const pdf = await makeManyStreamBombPdf(6, 200, 'a85');
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/This PDF expands to more than 1 GiB/) });
    await expect(checkStreamBudget(await makeManyStreamBombPdf(2, 100, 'a85'))).resolves.toBeUndefined();
  });

  it('a bomb does not hide behind a long dictionary', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([612, 792]);
    const padding = PDFString.of('x'.repeat(10_000));
    const bomb = doc.context.stream(zeroBombStream(300), { Filter: 'FlateDecode', Padding: padding });
    page.node.set(PDFName.of('Contents'), doc.context.register(bomb));
    const pdf = await doc.save({ useObjectStreams: false });
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE' });
  });

  it('an ordinary document passes', async () => {
    await expect(checkStreamBudget(await makeBookPdf(30))).resolves.toBeUndefined();
    expect(DEFAULT_STREAM_BUDGET.maxStreamBytes).toBe(MAX_INFLATED_STREAM_BYTES);
  });

  it('the inflater pdf.js uses reads a stream past the cap as empty (never the unbounded fallback)', async () => {
    const small = deflateSync(Buffer.from('BT (hello) Tj ET'));
    expect(await inflateThroughShim(small)).toBe(16);
    const bomb = zeroBombStream(MAX_INFLATED_STREAM_BYTES / (1024 * 1024) + 16);
    expect(await inflateThroughShim(bomb)).toBe(0);
  });
});

describe('LZWDecode bounds', () => {
  it('a 1 MB file whose LZW content stream decodes to 2.5 GiB is refused as PDF_TOO_LARGE', async () => {
    const pdf = await makeLzwBombPdf(2560);
    expect(pdf.byteLength).toBeLessThan(1.2 * 1024 * 1024);
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/256 MB/) });
  });

  it('an LZW bomb inside a Flate stream (a few KB on disk) is refused too', async () => {
    const pdf = await makeLzwBombPdf(2560, 'flate-lzw');
    expect(pdf.byteLength).toBeLessThan(16 * 1024);
    await expect(checkStreamBudget(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE' });
  });

  it('an LZW bomb behind an ASCII filter (as early Acrobat wrote pages) is refused too', async () => {
    for (const chain of ['ahx-lzw', 'a85-lzw', 'a85-flate-lzw'] as const) {
      await expect(checkStreamBudget(await makeLzwBombPdf(1024, chain)), chain).rejects.toMatchObject({ code: 'PDF_TOO_LARGE' });
    }
  });

  it('ordinary LZW pages pass, behind every chain the budget reads', async () => {
    for (const chain of ['lzw', 'flate-lzw', 'ahx-lzw', 'a85-lzw', 'a85-flate-lzw'] as const) {
      await expect(checkStreamBudget(await makeLzwTextPdf(['Revenue grew 12% to $1.2 million.'], chain)), chain).resolves.toBeUndefined();
    }
  });

  it('LZW streams that are each fine count toward the document together', async () => {
    const pdf = await makeLzwBombPdf(200);
    await expect(checkStreamBudget(pdf)).resolves.toBeUndefined();
    await expect(checkStreamBudget(pdf, { maxStreamBytes: 256 * 1024 * 1024, maxDocumentBytes: 100 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'PDF_TOO_LARGE',
      message: expect.stringMatching(/This PDF expands to more than 100 MB/),
    });
  });
});

describe('RunLengthDecode bounds', () => {
  it('a stream of 64x runs past the budget is refused, alone, inside Flate (a few KB) or behind ASCII85', async () => {
    const alone = await makeRunLengthBombPdf(300);
    expect(alone.byteLength).toBeLessThan(5 * 1024 * 1024);
    await expect(checkStreamBudget(alone)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/256 MB/) });
    const inFlate = await makeRunLengthBombPdf(2560, 'flate-rl');
    expect(inFlate.byteLength).toBeLessThan(200 * 1024);
    await expect(checkStreamBudget(inFlate)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE' });
    await expect(checkStreamBudget(await makeRunLengthBombPdf(300, 'a85-rl'))).rejects.toMatchObject({ code: 'PDF_TOO_LARGE' });
  });

  it('ordinary RunLength pages pass', async () => {
    for (const chain of ['rl', 'flate-rl', 'a85-rl'] as const) {
      await expect(checkStreamBudget(await makeRunLengthTextPdf(['Revenue grew 12% to $1.2 million.'], chain)), chain).resolves.toBeUndefined();
    }
  });
});
