/** The library: drop zone / Open PDF, ingest progress, documents with their fit, errors where they happened. */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { DocumentRecord, Progress } from '../../../shared/api';
import { isCancelled, toApiError } from '../api/errors';
import type { IngestResult } from '../api';
import { formatBytes, formatDate, formatInt, plural } from '../lib/format';
import { useClient } from '../state';
import type { OpenTarget } from './DocumentView';
import { LibrarySearch, RecentAnswers } from './LibrarySearch';

interface IngestJob {
  fileName: string;
  progress: Progress | null;
}

interface IngestFailure {
  fileName: string;
  code: string;
  message: string;
  /** retry with a password (encrypted PDFs) */
  retry: ((password: string) => void) | null;
}

type IngestRun = (opts: { password?: string; onEvent: (e: { type: string; progress?: Progress }) => void; signal: AbortSignal }) => Promise<IngestResult>;
type IngestOutcome = 'added' | 'failed' | 'cancelled';

function stageText(p: Progress | null): string {
  if (!p) return 'Starting…';
  if (p.stage === 'upload') return 'Uploading…';
  if (p.stage === 'parse' && p.total > 0) return `Reading page ${formatInt(Math.min(p.done + (p.done < p.total ? 1 : 0), p.total))} of ${formatInt(p.total)}`;
  if (p.stage === 'count' && p.total > 0) return `Counting tokens: page ${formatInt(p.done)} of ${formatInt(p.total)}`;
  if (p.stage === 'ocr' && p.total > 0) return `Reading scanned pages: OCR page ${formatInt(Math.min(p.done + 1, p.total))} of ${formatInt(p.total)}`;
  if (p.stage === 'store') return p.total > 0 && p.done < p.total ? `Saving page ${formatInt(p.done)} of ${formatInt(p.total)}` : 'Saving to the library…';
  if (p.message) return p.message;
  return p.total > 0 ? `${p.stage}: ${formatInt(p.done)} of ${formatInt(p.total)}` : `${p.stage}…`;
}

export function LibraryView({
  documents,
  loadError,
  inputBudget,
  onOpen,
  onChanged,
  openSeq,
}: {
  documents: DocumentRecord[] | null;
  loadError: string | null;
  inputBudget: number | null;
  onOpen: (docId: string, target?: OpenTarget) => void;
  onChanged: () => void;
  openSeq: number;
}): ReactNode {
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<IngestJob | null>(null);
  /** the files of one drop / Open: "file 2 of 5" */
  const [batch, setBatch] = useState<{ index: number; total: number } | null>(null);
  // a batch keeps every outcome: one bad file among five does not hide the others
  const [failures, setFailures] = useState<IngestFailure[]>([]);
  const [added, setAdded] = useState<{ result: IngestResult; fileName: string }[]>([]);
  const [dragging, setDragging] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const failWith = useCallback((failure: IngestFailure) => {
    setFailures((list) => [...list.filter((f) => f.fileName !== failure.fileName), failure]);
  }, []);

  /** Ingest one file; its failure replaces an earlier one for the same file (a password retry). */
  const ingestOne = useCallback(
    async (fileName: string, run: IngestRun, pw?: string): Promise<IngestOutcome> => {
      const controller = new AbortController();
      abortRef.current = controller;
      setJob({ fileName, progress: null });
      setFailures((list) => list.filter((f) => f.fileName !== fileName));
      try {
        const result = await run({
          ...(pw ? { password: pw } : {}),
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'progress' && event.progress) {
              const progress = event.progress;
              setJob((j) => (j ? { ...j, progress } : j));
            }
          },
        });
        setAdded((list) => [...list, { result, fileName }]);
        onChanged();
        return 'added';
      } catch (error) {
        if (isCancelled(error)) {
          failWith({ fileName, code: 'CANCELLED', message: 'Import cancelled. Nothing was added.', retry: null });
          return 'cancelled';
        }
        const e = toApiError(error);
        const needsPassword = e.code === 'ENCRYPTED_PDF' || e.code === 'WRONG_PASSWORD';
        // the engine's messages name the file; the heading already does
        const message = e.message.startsWith(`${fileName}: `) ? e.message.slice(fileName.length + 2).replace(/^./, (c) => c.toUpperCase()) : e.message;
        failWith({
          fileName,
          code: e.code,
          message,
          retry: needsPassword ? (p: string) => void ingestOne(fileName, run, p) : null,
        });
        return 'failed';
      } finally {
        abortRef.current = null;
        setJob(null);
      }
    },
    [failWith, onChanged],
  );

  /** A drop or an Open: every file in turn; Cancel stops the rest of the batch too. */
  const ingestBatch = useCallback(
    async (items: { fileName: string; run: IngestRun | null; refusal?: string }[]) => {
      setFailures([]);
      setAdded([]);
      try {
        for (const [i, item] of items.entries()) {
          if (!item.run) {
            failWith({ fileName: item.fileName, code: 'NOT_A_PDF', message: item.refusal ?? 'Not a PDF.', retry: null });
            continue;
          }
          setBatch(items.length > 1 ? { index: i + 1, total: items.length } : null);
          if ((await ingestOne(item.fileName, item.run)) === 'cancelled') break;
        }
      } finally {
        setBatch(null);
      }
    },
    [failWith, ingestOne],
  );

  const ingestFiles = useCallback(
    async (files: File[]) => {
      await ingestBatch(
        files.map((file) =>
          !/\.pdf$/i.test(file.name) && file.type !== 'application/pdf'
            ? { fileName: file.name, run: null, refusal: `“${file.name}” is not a PDF. Pagewise reads PDF files only.` }
            : { fileName: file.name, run: (opts: Parameters<IngestRun>[0]) => client.ingestFile(file, opts) },
        ),
      );
    },
    [client, ingestBatch],
  );

  const openPicker = useCallback(async () => {
    if (job) return;
    const paths = await client.openDialogPaths().catch(() => null);
    if (paths === null) {
      inputRef.current?.click();
      return;
    }
    await ingestBatch(
      paths.map((path) => ({ fileName: path.split(/[\\/]/).pop() ?? path, run: (opts: Parameters<IngestRun>[0]) => client.ingestPath(path, opts) })),
    );
  }, [client, ingestBatch, job]);

  const lastOpen = useRef(openSeq);
  useEffect(() => {
    if (openSeq !== lastOpen.current) {
      lastOpen.current = openSeq;
      void openPicker();
    }
  }, [openSeq, openPicker]);

  const remove = async (doc: DocumentRecord): Promise<void> => {
    if (!window.confirm(`Remove “${doc.title}” from the library? Its answers and summaries are removed too. The original file on your disk is not touched.`)) return;
    setRemoving(doc.id);
    try {
      await client.call('library.remove', { docId: doc.id });
      onChanged();
    } catch (error) {
      failWith({ fileName: doc.fileName, code: 'REMOVE', message: toApiError(error).message, retry: null });
    } finally {
      setRemoving(null);
    }
  };

  const empty = documents !== null && documents.length === 0;

  return (
    <main
      className={`library${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (Array.from(e.dataTransfer.types).includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void ingestFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <input
        ref={inputRef}
        type="file"
        accept="application/pdf,.pdf"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void ingestFiles(files);
        }}
      />
      <div className={`drop-zone${empty ? ' large' : ''}`} aria-label="Add a PDF">
        {empty ? (
          <div className="welcome">
            <h1>Read long PDFs with verified citations</h1>
            <p>
              Drop a PDF here — a filing, a contract, a whole book. Pagewise reads it once, counts every page in the model’s tokens, and tells you whether it
              fits in one request. Then ask questions and get answers whose page citations it has checked.
            </p>
            <ol className="steps">
              <li>
                <strong>Add a PDF</strong>
                <span>Open or drop it; it is read once and kept in your local library.</span>
              </li>
              <li>
                <strong>See the fit</strong>
                <span>Every page is counted in tokens against the model’s window.</span>
              </li>
              <li>
                <strong>Ask and summarize</strong>
                <span>Answers cite pages; click a citation to see the quote in the PDF.</span>
              </li>
            </ol>
          </div>
        ) : null}
        <div className="drop-row">
          <button type="button" className="button button-primary" onClick={() => void openPicker()} disabled={job !== null}>
            Open PDF…
          </button>
          <span className="muted">or drop PDF files anywhere in this window · Ctrl/⌘ O</span>
        </div>
        {job ? (
          <div className="ingest-progress" role="status" aria-live="polite" data-testid="ingest-progress">
            <div className="progress-line">
              <span className="spinner" aria-hidden="true" />
              <strong className="ellipsis">{job.fileName}</strong>
              {batch ? <span className="muted">file {batch.index} of {batch.total} ·</span> : null}
              <span className="muted">{stageText(job.progress)}</span>
              <button type="button" className="link-button" onClick={() => abortRef.current?.abort()}>
                Cancel
              </button>
            </div>
            <progress
              aria-label={`Importing ${job.fileName}`}
              max={job.progress && job.progress.total > 0 ? job.progress.total : undefined}
              value={job.progress && job.progress.total > 0 ? job.progress.done : undefined}
            />
          </div>
        ) : null}
        {failures.map((failure) => (
          <IngestFailureBox
            key={failure.fileName}
            failure={failure}
            busy={job !== null}
            onDismiss={() => setFailures((list) => list.filter((f) => f !== failure))}
          />
        ))}
        {added.map(({ result, fileName }) => (
          <div key={`${fileName}-${result.document.id}`} className="notice" role="status" data-testid="ingest-done">
            <span>
              {result.alreadyPresent ? 'Already in your library: ' : 'Added '}
              <strong>{result.document.title}</strong> — {plural(result.document.pageCount, 'page')}, {formatInt(result.document.totalTokens)} tokens
              {result.alreadyPresent ? '' : ` (${(result.ms / 1000).toFixed(1)} s)`}.
              {result.ocrPages.length > 0 ? ` ${plural(result.ocrPages.length, 'scanned page')} read by OCR.` : ''}
              {result.lowConfidencePages.length > 0 ? ` ${plural(result.lowConfidencePages.length, 'page')} read with low confidence: ${result.lowConfidencePages.join(', ')}.` : ''}
              {result.document.textlessPages.length > 0 ? ` ${plural(result.document.textlessPages.length, 'page')} ha${result.document.textlessPages.length === 1 ? 's' : 've'} no text and cannot be quoted.` : ''}
            </span>
            <button type="button" className="button button-small" onClick={() => onOpen(result.document.id)}>
              Open
            </button>
          </div>
        ))}
      </div>
      {loadError ? (
        <div className="error-box" role="alert">
          <p>{loadError}</p>
        </div>
      ) : null}
      {documents === null && !loadError ? <p className="muted">Loading your library…</p> : null}
      {documents && documents.length > 0 ? <LibrarySearch documents={documents} onOpen={onOpen} /> : null}
      {documents && documents.length > 0 ? (
        <section className="doc-table-wrap" aria-label="Documents">
          <h2 className="section-title">
            Library <span className="muted">({documents.length})</span>
          </h2>
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col">Fit</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((doc) => {
                const fits = inputBudget !== null ? doc.totalTokens <= inputBudget : null;
                return (
                  <tr key={doc.id} data-doc-id={doc.id} className="doc-row">
                    <td>
                      <button type="button" className="doc-title" onClick={() => onOpen(doc.id)} title={doc.title}>
                        {doc.title}
                      </button>
                      <div className="muted small ellipsis" title={doc.fileName}>
                        {doc.fileName} · {formatBytes(doc.byteSize)}
                        {doc.author ? ` · ${doc.author}` : ''}
                        {doc.textlessPages.length > 0 ? ` · ${plural(doc.textlessPages.length, 'page')} without text` : ''}
                      </div>
                    </td>
                    <td className="num">{formatInt(doc.pageCount)}</td>
                    <td className="num">{formatInt(doc.totalTokens)}</td>
                    <td>
                      {fits === null ? null : fits ? (
                        <span className="badge badge-ok" title="The whole document fits in one request to the model">
                          Fits in one request
                        </span>
                      ) : (
                        <span className="badge badge-warn" title="Too long for one request: questions use the best-matching pages; summaries read it in chunks">
                          Needs focusing
                        </span>
                      )}
                    </td>
                    <td className="muted">{formatDate(doc.lastUsedAt)}</td>
                    <td className="row-actions">
                      <button type="button" className="button button-small" onClick={() => onOpen(doc.id)}>
                        Open
                      </button>
                      <button
                        type="button"
                        className="link-button subtle"
                        aria-label={`Remove ${doc.title}`}
                        title="Remove from library"
                        disabled={removing === doc.id}
                        onClick={() => void remove(doc)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      {documents && documents.length > 0 ? <RecentAnswers documents={documents} onOpen={onOpen} /> : null}
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          Drop to add to your library
        </div>
      ) : null}
    </main>
  );
}

/** One file that could not be added, with a password form for encrypted PDFs. */
function IngestFailureBox({ failure, busy, onDismiss }: { failure: IngestFailure; busy: boolean; onDismiss: () => void }): ReactNode {
  const [password, setPassword] = useState('');
  const inputId = useId();
  return (
    <div className="error-box ingest-error" role="alert" data-testid="ingest-error">
      <p>
        <strong>Could not add “{failure.fileName}”.</strong> {failure.message}
      </p>
      {failure.retry ? (
        <form
          className="password-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (password && !busy) failure.retry?.(password);
          }}
        >
          <label htmlFor={inputId}>Password</label>
          <input id={inputId} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
          <button type="submit" className="button button-small button-primary" disabled={!password || busy}>
            Unlock and add
          </button>
        </form>
      ) : null}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
