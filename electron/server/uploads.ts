/**
 * Browser-mode uploads: a browser cannot hand over a file's path, so POST /api/upload writes the bytes into a
 * private folder and `library.ingest` names the upload by id (the ingest handler reaches it through
 * HandlerContext.uploads). Uploads never ingested (a tab closed) are dropped after an hour; the folder goes
 * when the server closes.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { UploadedFiles } from '../core/service';

const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
const UPLOAD_TTL_MS = 60 * 60 * 1000;

export interface UploadStore extends UploadedFiles {
  /** A fresh slot whose file the server writes. */
  create(fileName: string): { uploadId: string; filePath: string };
  /** Remove every upload and the folder. */
  close(): void;
}

/** A file name safe to use inside our own folder (no path parts, no control chars). */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return base || 'upload.pdf';
}

/** Uploads in a folder made under parentDir (default the OS temp dir) on the first upload. */
export function createUploadStore(parentDir: string = tmpdir()): UploadStore {
  let uploadsDir: string | null = null;
  const uploads = new Map<string, string>();
  const uploadTimes = new Map<string, number>();

  const store: UploadStore = {
    create(fileName) {
      if (!uploadsDir) uploadsDir = mkdtempSync(join(parentDir, 'pagewise-uploads-'));
      // Uploads never ingested (tab closed) are dropped after an hour.
      const now = Date.now();
      for (const [id, at] of uploadTimes) if (now - at > UPLOAD_TTL_MS) store.discard(id);
      const uploadId = randomBytes(16).toString('base64url');
      const dir = join(uploadsDir, uploadId);
      mkdirSync(dir, { mode: 0o700 });
      const filePath = join(dir, safeFileName(fileName));
      uploads.set(uploadId, filePath);
      uploadTimes.set(uploadId, now);
      return { uploadId, filePath };
    },
    path(uploadId) {
      if (!UPLOAD_ID.test(uploadId)) return null;
      const filePath = uploads.get(uploadId);
      if (!filePath) return null;
      try {
        return statSync(filePath).isFile() ? filePath : null;
      } catch {
        return null;
      }
    },
    rename(uploadId, fileName) {
      const current = store.path(uploadId);
      if (!current || !uploadsDir) return null;
      const wanted = join(uploadsDir, uploadId, safeFileName(fileName));
      if (wanted !== current) {
        renameSync(current, wanted);
        uploads.set(uploadId, wanted);
      }
      return wanted;
    },
    discard(uploadId) {
      const filePath = uploads.get(uploadId);
      uploads.delete(uploadId);
      uploadTimes.delete(uploadId);
      if (filePath && uploadsDir) rmSync(join(uploadsDir, uploadId), { recursive: true, force: true });
    },
    close() {
      uploads.clear();
      uploadTimes.clear();
      if (uploadsDir) rmSync(uploadsDir, { recursive: true, force: true });
      uploadsDir = null;
    },
  };
  return store;
}
