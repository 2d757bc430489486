/** Static files of the built renderer (dist/renderer), no directory listing, no path escape. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileIfExists(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

export async function serveStatic(request: IncomingMessage, response: ServerResponse, staticDir: string, pathname: string): Promise<void> {
  const root = resolve(staticDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad path.');
    return;
  }
  if (decoded.includes('\0')) {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad path.');
    return;
  }
  let target = resolve(join(root, normalize(decoded)));
  if (target !== root && !target.startsWith(root + sep)) {
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden.');
    return;
  }
  let size = target === root ? null : await fileIfExists(target);
  const isAsset = extname(decoded) !== '' && !decoded.endsWith('.html');
  if (size === null) {
    if (isAsset) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
      return;
    }
    // The single-page app answers every other path with index.html.
    target = join(root, 'index.html');
    size = await fileIfExists(target);
    if (size === null) {
      response
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The Pagewise interface is not built yet: run `npm run build:renderer`, then reload.');
      return;
    }
  }
  const type = TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string | number> = { 'content-type': type, 'content-length': size };
  // Hashed asset names can be cached; the HTML must not be (it names the current assets).
  headers['cache-control'] = target.endsWith('.html') ? 'no-store' : /[-.][A-Za-z0-9_-]{8,}\.\w+$/.test(target) ? 'public, max-age=31536000, immutable' : 'no-cache';
  response.writeHead(200, headers);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(target).on('error', () => response.destroy()).pipe(response);
}
