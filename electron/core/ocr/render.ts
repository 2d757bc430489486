/**
 * Render a PDF page for OCR: pdf.js's own Node path (its NodeCanvasFactory on
 * @napi-rs/canvas), at OCR_DPI, converted to an 8-bit grayscale PGM image
 * (which tesseract reads without decoding work), with the pixel count capped so
 * a huge page or poster cannot exhaust memory. An all-white render is "blank".
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PagewiseError } from '../errors';
import { loadPdfJs, type PdfDoc } from '../pdf/document';

/** Resolution for OCR: tesseract reads 9-12 pt print well from ~150 dpi up; 200 gives small print room. */
export const OCR_DPI = 200;
/** At most this many pixels per render (about 300 dpi on A3): 4 bytes each while drawing. */
export const MAX_RENDER_PIXELS = 16_000_000;
/** Largest embedded image pdf.js will decode (pixels); bigger ones are left out of the render. */
const MAX_IMAGE_PIXELS = 100_000_000;
/** A pixel darker than this (0 black .. 255 white) counts as ink. */
const INK_LEVEL = 160;
/** A page with fewer inked pixels than this share is blank (dust and speckle stay under it). */
const BLANK_INK_SHARE = 0.00002;

export interface RenderedPage {
  pageNumber: number;
  width: number;
  height: number;
  /** The dots per inch the page was drawn at (below OCR_DPI when the size cap applied). */
  dpi: number;
  /** A binary PGM (P5) image: header + one byte per pixel. */
  pgm: Uint8Array;
  blank: boolean;
  /** The render as PNG, when asked for (vision transcription sends it to the model). */
  png?: Uint8Array;
}

interface CanvasAndContext {
  canvas: { width: number; height: number; toBuffer(mime: 'image/png'): Buffer };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(pair: CanvasAndContext): void;
}

let wasmDir: string | null = null;
function pdfjsWasmDir(): string {
  wasmDir ??= join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'wasm') + '/';
  return wasmDir;
}

/** Open a PDF for rendering (the parse path opens it text-only, without image decoders). */
export async function openForRender(data: Uint8Array): Promise<PdfDoc> {
  const pdfjs = await loadPdfJs();
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
    maxImageSize: MAX_IMAGE_PIXELS,
    // JPEG 2000 and JBIG2 scans decode through pdf.js's own wasm, read from node_modules
    wasmUrl: pdfjsWasmDir(),
    standardFontDataUrl: join(root, 'standard_fonts') + '/',
    cMapUrl: join(root, 'cmaps') + '/',
    cMapPacked: true,
  });
  try {
    return await task.promise;
  } catch (error) {
    void task.destroy().catch(() => undefined);
    throw new PagewiseError('CORRUPT_PDF', `This PDF could not be opened for OCR (${(error as Error).message}).`, { cause: error });
  }
}

/** The scale (pixels per PDF point) for a page of the given size in points, within MAX_RENDER_PIXELS. */
export function renderScale(widthPt: number, heightPt: number, dpi = OCR_DPI, maxPixels = MAX_RENDER_PIXELS): number {
  const wanted = dpi / 72;
  const pixels = widthPt * heightPt * wanted * wanted;
  return pixels <= maxPixels ? wanted : Math.sqrt(maxPixels / (widthPt * heightPt));
}

/** Renders one page; throws a PagewiseError naming the page when pdf.js cannot draw it. */
export async function renderPage(doc: PdfDoc, pageNumber: number, dpi = OCR_DPI, options: { png?: boolean; maxPixels?: number } = {}): Promise<RenderedPage> {
  let page: Awaited<ReturnType<PdfDoc['getPage']>> | null = null;
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  let pair: CanvasAndContext | null = null;
  try {
    page = await doc.getPage(pageNumber);
    const unit = page.getViewport({ scale: 1 }); // includes the page's /Rotate
    const scale = renderScale(unit.width, unit.height, dpi, options.maxPixels);
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.floor(viewport.width));
    const height = Math.max(1, Math.floor(viewport.height));
    pair = factory.create(width, height);
    // @ts-expect-error -- pdf.js types want a DOM CanvasRenderingContext2D; in Node it is @napi-rs/canvas's
    await page.render({ canvasContext: pair.context, canvas: pair.canvas, viewport, background: 'rgb(255,255,255)' }).promise;
    const rgba = pair.context.getImageData(0, 0, width, height).data;
    const { pgm, blank } = toGrayPgm(rgba, width, height);
    // pdf.js draws nothing for an image it cannot decode (it only warns): white then means "unreadable", not blank
    if (blank && (await undecodedImages(page)) > 0) {
      throw new Error('its scanned image could not be decoded: the image data is damaged');
    }
    const png = options.png ? new Uint8Array(pair.canvas.toBuffer('image/png')) : undefined;
    return { pageNumber, width, height, dpi: Math.round(scale * 72), pgm, blank, ...(png ? { png } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PagewiseError('CORRUPT_PDF', `page ${pageNumber} could not be drawn for OCR (${message}).`, { cause: error });
  } finally {
    if (pair) factory.destroy(pair);
    try {
      page?.cleanup();
    } catch {
      // best effort
    }
  }
}

/** Images the page paints whose data pdf.js could not decode (it resolves them to null). */
async function undecodedImages(page: Awaited<ReturnType<PdfDoc['getPage']>>): Promise<number> {
  const pdfjs = await loadPdfJs();
  const list = await page.getOperatorList();
  const objs = page as unknown as { objs: ImageStore; commonObjs: ImageStore };
  let failed = 0;
  list.fnArray.forEach((fn, i) => {
    if (fn !== pdfjs.OPS.paintImageXObject && fn !== pdfjs.OPS.paintImageXObjectRepeat) return;
    const id = (list.argsArray[i] as unknown[] | undefined)?.[0];
    if (typeof id !== 'string') return;
    const store = id.startsWith('g_') ? objs.commonObjs : objs.objs;
    if (store.has(id) && store.get(id) === null) failed++;
  });
  return failed;
}

interface ImageStore {
  has(id: string): boolean;
  get(id: string): unknown;
}

/** RGBA (drawn on white) -> PGM bytes, and whether the page is all white. */
export function toGrayPgm(rgba: Uint8ClampedArray, width: number, height: number): { pgm: Uint8Array; blank: boolean } {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const pgm = new Uint8Array(header.length + width * height);
  pgm.set(header, 0);
  let ink = 0;
  for (let i = 0, j = header.length; i < rgba.length; i += 4, j++) {
    // ITU-R BT.601 luma in integer arithmetic
    const luma = ((rgba[i] as number) * 77 + (rgba[i + 1] as number) * 150 + (rgba[i + 2] as number) * 29) >> 8;
    pgm[j] = luma;
    if (luma < INK_LEVEL) ink++;
  }
  return { pgm, blank: ink < Math.max(16, width * height * BLANK_INK_SHARE) };
}
