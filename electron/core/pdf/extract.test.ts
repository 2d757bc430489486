import { describe, expect, it } from 'vitest';
import { PagewiseError } from '../errors';
import { extractPdf } from './index';
import { closeIdleWorkers, idleWorkerCount, workerScriptUrl } from './pool';
import type { ExtractedPage, ExtractOptions, PdfDocumentInfo } from './index';
import {
  CONTRACT_PAGES,
  ENCRYPTED_TEXT,
  TERMINATION_PAGE,
  TERMINATION_SENTENCE,
  TWO_COLUMN_SAMPLE,
  UNICODE_SAMPLES,
  largePageText,
  makeBookPdf,
  makeBrokenPagePdf,
  makeContractPdf,
  makeEmptyPdf,
  encryptWithQpdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makeLargePdf,
  makeMixedPdf,
  makeNotAPdf,
  makeTextPdf,
  makeTruncatedPdf,
  makeTwoColumnPdf,
  makeUnicodePdf,
  wrapColumnText,
  wrapPageText,
} from '../../../tests/fixtures/make-fixtures';
import { makeLzwBombPdf } from '../../../tests/fixtures/make-hostile-fixtures';

async function extractAll(
  data: Uint8Array,
  options: ExtractOptions = {},
): Promise<{ info: PdfDocumentInfo; pages: ExtractedPage[] }> {
  const pages: ExtractedPage[] = [];
  const info = await extractPdf(data, (page) => void pages.push(page), options);
  return { info, pages };
}

async function errorOf(promise: Promise<unknown>): Promise<PagewiseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PagewiseError);
    return error as PagewiseError;
  }
  throw new Error('expected the extraction to fail');
}

/** What makeTextPdf's layout should come back as: wrapped lines, blank lines kept. */
function expectedText(page: string): string {
  return wrapPageText(page).join('\n').trim();
}

describe('extractPdf: text', () => {
  it('returns the known text of every page in order, with its line breaks', async () => {
    const pages = [
      'First page, first line.\nFirst page, second line.',
      'Second page.\n\nA new paragraph after a blank line.',
      'Third page has one line that is long enough to wrap onto a second line because it goes on and on past the margin.',
    ];
    const { info, pages: out } = await extractAll(await makeTextPdf({ pages }));
    expect(info.pageCount).toBe(3);
    expect(out.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(out.map((p) => p.text)).toEqual(pages.map(expectedText));
    expect(out[2]?.text.split('\n')).toHaveLength(2);
    expect(out.every((p) => !p.noText && !p.failed && p.label === null)).toBe(true);
  });

  it('joins words hyphenated across a line break', async () => {
    const { pages } = await extractAll(
      await makeTextPdf({ pages: ['The notice of termi-\nnation must be in writing.\nSee the sched-\nule.\nSummary -\nnot joined.'] }),
    );
    expect(pages[0]?.text).toBe('The notice of termination\nmust be in writing.\nSee the schedule.\nSummary -\nnot joined.');
  });

  it('reads two columns left column first, under a full-width heading', async () => {
    const { pages } = await extractAll(await makeTwoColumnPdf());
    const sample = TWO_COLUMN_SAMPLE[0]!;
    expect(pages[0]?.text).toBe(
      [sample.heading, '', ...wrapColumnText(sample.left), ...wrapColumnText(sample.right)].join('\n'),
    );
  });

  it('extracts accented Latin, CJK and Arabic (in logical order)', async () => {
    const { info, pages } = await extractAll(await makeUnicodePdf());
    const norm = (s: string | undefined): string => (s ?? '').normalize('NFKC');
    expect(norm(pages[0]?.text)).toBe(`Latin\n${UNICODE_SAMPLES.latin}`);
    expect(norm(pages[1]?.text)).toBe(`CJK\n${UNICODE_SAMPLES.cjk}`);
    expect(norm(pages[2]?.text)).toBe(`Arabic\n${UNICODE_SAMPLES.arabic}`);
    expect(info.title).toBe('Unicode sampler: café, 日本語, عربي');
    expect(info.author).toBe('Zoë Ångström');
  });

  it('finds the clause on the page it is printed on', async () => {
    const { pages } = await extractAll(await makeContractPdf());
    expect(pages).toHaveLength(CONTRACT_PAGES.length);
    const hits = pages.filter((p) => p.text.replace(/\n/g, ' ').includes(TERMINATION_SENTENCE)).map((p) => p.pageNumber);
    expect(hits).toEqual([TERMINATION_PAGE]);
  });
});

describe('extractPdf: document info', () => {
  it('returns page labels per page (roman front matter, prefixed appendix)', async () => {
    const pdf = await makeTextPdf({
      pages: ['Cover', 'Preface', 'Chapter one', 'Chapter two', 'Appendix first', 'Appendix second'],
      pageLabels: [
        { startPage: 1, style: 'r' },
        { startPage: 3, style: 'D' },
        { startPage: 5, style: 'D', prefix: 'A-', start: 3 },
      ],
    });
    const { pages } = await extractAll(pdf);
    expect(pages.map((p) => p.label)).toEqual(['i', 'ii', '1', '2', 'A-3', 'A-4']);
  });

  it('maps the outline to 1-based pages, nested with depth', async () => {
    const pdf = await makeTextPdf({
      pages: ['Intro', 'Part one', 'Chapter 1.1', 'Chapter 1.2', 'Part two'],
      outline: [
        { title: 'Introduction', pageNumber: 1 },
        {
          title: 'Part one',
          pageNumber: 2,
          children: [
            { title: 'Chapter 1.1', pageNumber: 3 },
            { title: 'Chapter 1.2', pageNumber: 4, children: [{ title: 'Deep', pageNumber: 4 }] },
          ],
        },
        { title: 'Part two — Ende', pageNumber: 5 },
      ],
    });
    const { info } = await extractAll(pdf);
    expect(info.outline).toEqual([
      { title: 'Introduction', pageNumber: 1, depth: 0 },
      { title: 'Part one', pageNumber: 2, depth: 0 },
      { title: 'Chapter 1.1', pageNumber: 3, depth: 1 },
      { title: 'Chapter 1.2', pageNumber: 4, depth: 1 },
      { title: 'Deep', pageNumber: 4, depth: 2 },
      { title: 'Part two — Ende', pageNumber: 5, depth: 0 },
    ]);
  });

  it('returns title, author and page count; null when absent', async () => {
    const { info } = await extractAll(await makeContractPdf());
    expect(info).toMatchObject({ pageCount: 6, title: 'Commercial Lease Agreement', author: 'Harbor Properties Ltd' });
    const bare = await extractAll(await makeTextPdf({ pages: ['x'] }));
    expect(bare.info).toEqual({ pageCount: 1, title: null, author: null, outline: [] });
  });
});

describe('extractPdf: pages without text', () => {
  it('flags image-only pages as noText', async () => {
    const { pages } = await extractAll(await makeImageOnlyPdf(3));
    expect(pages.map((p) => [p.noText, p.failed, p.text])).toEqual([
      [true, false, ''],
      [true, false, ''],
      [true, false, ''],
    ]);
  });

  it('flags only the image pages of a mixed document', async () => {
    const { pages } = await extractAll(await makeMixedPdf(['Text one.', null, 'Text three.', null]));
    expect(pages.map((p) => p.noText)).toEqual([false, true, false, true]);
    expect(pages[2]?.text).toBe('Text three.');
  });

  it('records a page pdf.js cannot parse as failed and keeps the others', async () => {
    const { pages } = await extractAll(await makeBrokenPagePdf());
    expect(pages[0]).toMatchObject({ pageNumber: 1, text: 'First page is fine.', failed: false });
    const failed = pages.filter((p) => p.failed);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.error).toMatch(/could not parse/);
    expect(failed[0]?.text).toBe('');
  });
});

describe('extractPdf: bad input', () => {
  it('encrypted without a password -> ENCRYPTED_PDF telling to pass --password', async () => {
    const pdf = await makeEncryptedPdf('s3cret');
    const error = await errorOf(extractAll(pdf));
    expect(error.code).toBe('ENCRYPTED_PDF');
    expect(error.message).toContain('--password');
  });

  it('encrypted with a wrong password -> WRONG_PASSWORD; the right one -> text', async () => {
    const pdf = await makeEncryptedPdf('s3cret');
    expect((await errorOf(extractAll(pdf, { password: 'nope' }))).code).toBe('WRONG_PASSWORD');
    const { pages, info } = await extractAll(pdf, { password: 's3cret' });
    expect(pages[0]?.text).toBe(expectedText(ENCRYPTED_TEXT));
    expect(info.title).toBe('Encrypted minutes');
  });

  it('an encrypted "zip bomb" (its streams ciphertext to the stream budget) is stopped by the memory watch -> PDF_TOO_LARGE', async () => {
    const bomb = encryptWithQpdf(await makeLzwBombPdf(3000), 'pw'); // an LZW stream of ~3 GB, AES-256 encrypted
    const before = process.memoryUsage.rss();
    const error = await errorOf(extractAll(bomb, { password: 'pw', memoryBudgetBytes: 256 * 1024 * 1024 }));
    expect(error.code).toBe('PDF_TOO_LARGE');
    expect(error.message).toMatch(/encrypted PDF took more than 256 MB of memory.*Nothing was stored/);
    // unwatched it took this process to 5.3 GB; the worker was stopped near the budget
    expect(process.resourceUsage().maxRSS * 1024 - before).toBeLessThan(1024 * 1024 * 1024);
  }, 60_000);

  it('a truncated PDF -> CORRUPT_PDF (pdf.js cannot rebuild the missing page tree)', async () => {
    const error = await errorOf(extractAll(await makeTruncatedPdf()));
    expect(error.code).toBe('CORRUPT_PDF');
    expect(error.message).toMatch(/damaged or truncated/);
  });

  it('not a PDF (or empty bytes) -> NOT_A_PDF', async () => {
    expect((await errorOf(extractAll(makeNotAPdf()))).code).toBe('NOT_A_PDF');
    expect((await errorOf(extractAll(new Uint8Array(0)))).code).toBe('NOT_A_PDF');
  });

  it('zero pages -> EMPTY_PDF', async () => {
    const error = await errorOf(extractAll(makeEmptyPdf()));
    expect(error.code).toBe('EMPTY_PDF');
    expect(error.message).not.toMatch(/\n/);
  });

  it('does not modify or detach the caller\'s bytes', async () => {
    const pdf = await makeTextPdf({ pages: ['a', 'b'] });
    const copy = pdf.slice();
    await extractAll(pdf);
    expect(pdf.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(pdf).equals(Buffer.from(copy))).toBe(true);
  });
});

describe('extractPdf: worker pool', () => {
  const PAGES = 60;
  let large: Uint8Array | null = null;
  const largePdf = async (): Promise<Uint8Array> => (large ??= await makeLargePdf(PAGES));

  it('a pool run gives the same pages as a single-thread run, in page order', async () => {
    // the pool runs the built worker (vitest's globalSetup builds dist/node/pdf-worker.js)
    expect(workerScriptUrl()).not.toBeNull();
    const pdf = await largePdf();
    const single = await extractAll(pdf, { workers: 1 });
    const pooled = await extractAll(pdf, { workers: 2 });
    expect(pooled.pages.map((p) => p.pageNumber)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(pooled.pages).toEqual(single.pages);
    expect(pooled.info).toEqual(single.info);
    expect(single.pages[6]?.text).toBe(expectedText(largePageText(7)));
  });

  it('keeps a pool worker for the next document, which it reads (not the one before)', async () => {
    closeIdleWorkers();
    const first = await largePdf();
    const second = await makeBookPdf(40, { title: 'The next book' });
    const alone = await extractAll(second, { workers: 1 });
    await extractAll(first, { workers: 2 });
    expect(idleWorkerCount()).toBe(1);
    const next = await extractAll(second, { workers: 2 });
    expect(next.pages).toEqual(alone.pages);
    expect(next.info).toEqual(alone.info);
    // and again after the smaller one: the same worker, still right
    const again = await extractAll(first, { workers: 2 });
    expect(again.pages[6]?.text).toBe(expectedText(largePageText(7)));
    expect(again.pages).toHaveLength(PAGES);
    expect(idleWorkerCount()).toBe(1);
    closeIdleWorkers();
    expect(idleWorkerCount()).toBe(0);
  });

  it('awaits onPage (slow consumer) and reports progress up to the total', async () => {
    const pdf = await largePdf();
    const progress: [number, number][] = [];
    const seen: number[] = [];
    let inside = 0;
    let overlapped = false;
    await extractPdf(
      pdf,
      async (page) => {
        inside += 1;
        if (inside > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(page.pageNumber);
        inside -= 1;
      },
      { workers: 2, onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(overlapped).toBe(false);
    expect(seen).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(progress[0]).toEqual([0, PAGES]);
    expect(progress.at(-1)).toEqual([PAGES, PAGES]);
    expect(progress.every(([, total]) => total === PAGES)).toBe(true);
  });

  it('abort during a pool run -> CANCELLED, and no page after it', async () => {
    const pdf = await largePdf();
    const controller = new AbortController();
    let count = 0;
    const error = await errorOf(
      extractPdf(
        pdf,
        () => {
          count += 1;
          if (count === 5) controller.abort();
        },
        { workers: 2, signal: controller.signal },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(count).toBe(5);
  });

  it('abort in the calling thread (small PDF) and before start -> CANCELLED', async () => {
    const pdf = await makeTextPdf({ pages: ['one', 'two', 'three'] });
    const controller = new AbortController();
    const pages: number[] = [];
    const error = await errorOf(
      extractPdf(
        pdf,
        (page) => {
          pages.push(page.pageNumber);
          controller.abort();
        },
        { signal: controller.signal },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(pages).toEqual([1]);
    expect((await errorOf(extractPdf(pdf, () => undefined, { signal: AbortSignal.abort() }))).code).toBe('CANCELLED');
  });

  it('an error thrown by onPage stops the pool and reaches the caller', async () => {
    const pdf = await largePdf();
    await expect(
      extractPdf(
        pdf,
        (page) => {
          if (page.pageNumber === 3) throw new Error('disk full');
        },
        { workers: 2 },
      ),
    ).rejects.toThrow('disk full');
  });
});
