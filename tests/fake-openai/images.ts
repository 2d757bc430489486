/**
 * The fake server's image accounting, written apart from the app's (electron/core/ocr/vision.ts) so the
 * check is not circular: an image_url part's size is read from the PNG inside its data URL (the IHDR
 * chunk), and billed by OpenAI's published rule: low detail a fixed cost; high (or auto) the image fits
 * 2048 x 2048, then its short side 768, and each 512 px tile adds a per-tile cost.
 */

/** Per model: [fixed tokens per image, tokens per 512 px tile]. gpt-4o-mini bills far more tokens at a lower price. */
const IMAGE_RULES: Record<string, readonly [number, number]> = {
  'gpt-4o-mini': [2833, 5667],
  'gpt-4o': [85, 170],
};

/** Stands in for a model's transcription of any page image it is sent. */
export const FAKE_TRANSCRIPTION = 'Transcribed by the fake vision model: Lease Amendment Number 7. The tenant shall pay 12,500 dollars per month.';

export interface FakeImage {
  width: number;
  height: number;
  detail: string;
}

/** Width and height from a PNG data URL, or null when it is not one. */
export function pngSize(url: string): { width: number; height: number } | null {
  const m = /^data:image\/png;base64,(.*)$/s.exec(url);
  if (!m?.[1]) return null;
  const head = Buffer.from(m[1].slice(0, 64), 'base64');
  if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

export function fakeImageTokens(model: string, image: FakeImage): number {
  const [base, tile] = IMAGE_RULES[model] ?? [85, 170];
  if (image.detail === 'low') return base;
  let { width: w, height: h } = image;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const short = Math.min(1, 768 / Math.min(w, h));
  w *= short;
  h *= short;
  return base + tile * Math.ceil(Math.round(w) / 512) * Math.ceil(Math.round(h) / 512);
}

/** The images of a message's content parts (image_url with a PNG data URL). */
export function contentImages(content: unknown): FakeImage[] {
  if (!Array.isArray(content)) return [];
  const out: FakeImage[] = [];
  for (const part of content) {
    if (!part || typeof part !== 'object' || (part as { type?: unknown }).type !== 'image_url') continue;
    const ref = (part as { image_url?: { url?: unknown; detail?: unknown } }).image_url;
    const size = typeof ref?.url === 'string' ? pngSize(ref.url) : null;
    if (size) out.push({ ...size, detail: typeof ref?.detail === 'string' ? ref.detail : 'auto' });
  }
  return out;
}
