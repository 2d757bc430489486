/**
 * The library: Open PDF, ingest progress and outcomes, documents with their fit (rename, remove), errors where
 * they happened; rows are selected (checkboxes, Shift/Ctrl+click, Space) to make or fill a collection, and the
 * collections are listed beside the table ("All documents" first).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CollectionRecord, DocumentRecord, Progress } from '../../../shared/api';
import { isCancelled, toApiError } from '../api/errors';
import type { IngestResult } from '../api';
import { formatBytes, formatDate, formatInt, formatShortDate, plural } from '../lib/format';
import { shortcutLabel } from '../lib/shortcuts';
import { useClient } from '../state';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import type { OpenTarget } from './DocumentView';
import { LibrarySearch, RecentAnswers } from './LibrarySearch';
import { OcrRowStatus } from './ocr/OcrRowStatus';
import { askVisionFor } from './ocr/ocrRuns';
import { ocrProgressText } from './ocr/ocrWords';
import { useOcrStatus } from './ocr/useOcrStatus';
import { TitleEditor } from './TitleEditor';
import { ALL_DOCUMENTS } from './collections/CollectionView';
import { CollectionsNav } from './collections/CollectionsNav';
import { NameDialog, type NameRequest } from './collections/NameDialog';
import { SelectionBar } from './collections/SelectionBar';
import { EMPTY_SELECTION, howFromEvent, prune, select, selectAll, selectedInOrder, type Selection } from '../lib/selection';
import './collections/collections.css';
import { ErrorNote } from './ErrorNote';

/** A file to add: dropped or picked in a browser (bytes), or chosen in the desktop's open dialog (a path). */
export type AddItem = { kind: 'file'; file: File } | { kind: 'path'; path: string };

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

/** Words for app users (the engine's own messages also serve the CLI, which has a --password flag). */
function failureMessage(code: string, message: string): string {
  if (code === 'ENCRYPTED_PDF') return 'This PDF is protected by a password. Type the password to open it and add it to your library.';
  if (code === 'WRONG_PASSWORD') return 'That password did not open this PDF. Check it (capital letters count) and try again.';
  return message;
}

function stageText(p: Progress | null): string {
  if (!p) return 'Starting…';
  if (p.stage === 'upload') return 'Uploading…';
  if (p.stage === 'parse' && p.total > 0) return `Reading page ${formatInt(Math.min(p.done + (p.done < p.total ? 1 : 0), p.total))} of ${formatInt(p.total)}`;
  if (p.stage === 'count' && p.total > 0) return `Counting tokens: page ${formatInt(p.done)} of ${formatInt(p.total)}`;
  if (p.stage === 'ocr') return ocrProgressText(p);
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
  onOpenPicker,
  onCompare,
  incoming,
  onIncomingTaken,
  collections,
  onCollectionsChanged,
  onOpenCollection,
}: {
  documents: DocumentRecord[] | null;
  loadError: string | null;
  inputBudget: number | null;
  onOpen: (docId: string, target?: OpenTarget) => void;
  onChanged: () => void;
  /** Open PDF… (the app owns the picker so Ctrl/Cmd+O works from any screen) */
  onOpenPicker: () => void;
  /** Compare documents side by side (components/compare); absent: no such button */
  /** Opens Compare, with the selected documents when two or more are selected. */
  onCompare?: (docIds?: string[]) => void;
  /** files dropped anywhere or picked; taken (and cleared) once this view starts on them */
  incoming: { seq: number; items: AddItem[] } | null;
  onIncomingTaken: () => void;
  collections: readonly CollectionRecord[];
  onCollectionsChanged: () => void;
  onOpenCollection: (collectionId: string) => void;
}): ReactNode {
  const client = useClient();
  const [job, setJob] = useState<IngestJob | null>(null);
  /** the files of one drop / Open: "file 2 of 5" */
  const [batch, setBatch] = useState<{ index: number; total: number } | null>(null);
  // a batch keeps every outcome: one bad file among five does not hide the others
  const [failures, setFailures] = useState<IngestFailure[]>([]);
  const [added, setAdded] = useState<{ result: IngestResult; fileName: string }[]>([]);
  /** a finished batch of several files shows one line; details on request */
  const [batchDone, setBatchDone] = useState<{ total: number; expanded: boolean } | null>(null);
  const [running, setRunning] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [nameRequest, setNameRequest] = useState<NameRequest | null>(null);
  const [collectionNote, setCollectionNote] = useState<{ text: string; collectionId: string | null; error: boolean } | null>(null);
  const [collectionBusy, setCollectionBusy] = useState(false);
  const order = useMemo(() => (documents ?? []).map((d) => d.id), [documents]);
  // a removed document leaves the selection
  useEffect(() => setSelection((s) => prune(order, s)), [order]);
  const selectedIds = selectedInOrder(order, selection);

  const makeCollection = (docIds: string[]): void =>
    setNameRequest({
      title: 'Make a collection',
      message:
        docIds.length > 0 ? (
          <p>
            A collection keeps {plural(docIds.length, 'document')} together so you can ask them one question. The documents stay in the library.
          </p>
        ) : (
          <p>An empty collection: add documents to it by selecting them in the library.</p>
        ),
      confirmLabel: 'Make collection',
      initialName: '',
      onSubmit: async (name) => {
        const { collection } = await client.call('collection.create', { name, ...(docIds.length > 0 ? { docIds } : {}) });
        setSelection(EMPTY_SELECTION);
        onCollectionsChanged();
        setCollectionNote({ text: `Made “${collection.name}” with ${plural(collection.docIds.length, 'document')}.`, collectionId: collection.id, error: false });
      },
    });

  const addToCollection = async (collection: CollectionRecord, docIds: string[]): Promise<void> => {
    setCollectionBusy(true);
    try {
      const before = new Set(collection.docIds);
      const { collection: after } = await client.call('collection.add', { collection: collection.id, docIds });
      const added = after.docIds.filter((id) => !before.has(id)).length;
      setSelection(EMPTY_SELECTION);
      onCollectionsChanged();
      setCollectionNote({
        text:
          added === 0
            ? `Those documents were already in “${after.name}”.`
            : `Added ${plural(added, 'document')} to “${after.name}”; it now has ${plural(after.docIds.length, 'document')}.`,
        collectionId: after.id,
        error: false,
      });
    } catch (error) {
      setCollectionNote({ text: `Could not add to “${collection.name}”: ${toApiError(error).message}`, collectionId: null, error: true });
    } finally {
      setCollectionBusy(false);
    }
  };

  /** Arrows move between the row checkboxes (Shift extends the selection); Esc clears; Ctrl/Cmd+A selects all. */
  const onTableKey = (e: React.KeyboardEvent<HTMLElement>): void => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' && target.getAttribute('type') !== 'checkbox') return;
    if (e.key === 'Escape' && selection.ids.size > 0) {
      e.preventDefault();
      setSelection(EMPTY_SELECTION);
    } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a' && target.tagName !== 'INPUT') {
      e.preventDefault();
      setSelection(selectAll(order));
    }
  };
  const onCheckboxKey = (e: React.KeyboardEvent<HTMLInputElement>, docId: string): void => {
    if (e.key === ' ' && e.shiftKey) {
      e.preventDefault();
      setSelection((s) => select(order, s, docId, 'range'));
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = order[order.indexOf(docId) + (e.key === 'ArrowDown' ? 1 : -1)];
      if (!next) return;
      document.querySelector<HTMLInputElement>(`.doc-row[data-doc-id="${CSS.escape(next)}"] .row-select`)?.focus();
      if (e.shiftKey) setSelection((s) => select(order, { ids: s.ids, anchor: s.anchor ?? docId }, next, 'range'));
    }
  };
  const ocrStatus = useOcrStatus(documents);

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
      let stage: string | null = null;
      try {
        const result = await run({
          ...(pw ? { password: pw } : {}),
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'progress' && event.progress) {
              const progress = event.progress;
              stage = progress.stage;
              setJob((j) => (j ? { ...j, progress } : j));
            }
          },
        });
        setAdded((list) => [...list, { result, fileName }]);
        // the setting says the model reads scans: its row shows the cost, and sends only after "Send"
        if (result.visionPages.length > 0) askVisionFor(result.document.id);
        onChanged();
        return 'added';
      } catch (error) {
        if (isCancelled(error) && stage === 'ocr') {
          // the document was stored before OCR began; OCR keeps each page it finished
          onChanged();
          failWith({
            fileName,
            code: 'CANCELLED',
            message: 'Stopped reading the scanned pages. The document was added with the pages read so far; “Run OCR” in its row reads the rest.',
            retry: null,
          });
          return 'cancelled';
        }
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
          message: failureMessage(e.code, message),
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
      setBatchDone(null);
      setRunning(true);
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
        setRunning(false);
        if (items.length > 1) setBatchDone({ total: items.length, expanded: false });
      }
    },
    [failWith, ingestOne],
  );

  const ingestItems = useCallback(
    async (items: AddItem[]) => {
      await ingestBatch(
        items.map((item) => {
          if (item.kind === 'path') {
            const path = item.path;
            return { fileName: path.split(/[\\/]/).pop() ?? path, run: (opts: Parameters<IngestRun>[0]) => client.ingestPath(path, opts) };
          }
          const file = item.file;
          return !/\.pdf$/i.test(file.name) && file.type !== 'application/pdf'
            ? { fileName: file.name, run: null, refusal: `“${file.name}” is not a PDF. Pagewise reads PDF files only.` }
            : { fileName: file.name, run: (opts: Parameters<IngestRun>[0]) => client.ingestFile(file, opts) };
        }),
      );
    },
    [client, ingestBatch],
  );

  // Files dropped or picked anywhere in the app: start on them when the previous batch is done.
  const takenSeq = useRef(0);
  useEffect(() => {
    if (!incoming || running || incoming.seq === takenSeq.current) return;
    takenSeq.current = incoming.seq;
    onIncomingTaken();
    void ingestItems(incoming.items);
  }, [incoming, running, ingestItems, onIncomingTaken]);

  const askRemove = (doc: DocumentRecord): void =>
    setConfirm({
      title: 'Remove from the library?',
      message: (
        <p>
          <strong>{doc.title}</strong> and its answers and summaries are removed from Pagewise (answers that also drew on other documents stay). The
          original file on your disk is not touched.
        </p>
      ),
      confirmLabel: 'Remove',
      danger: true,
      onConfirm: () => void remove(doc),
    });

  const remove = async (doc: DocumentRecord): Promise<void> => {
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

  const showNav = documents !== null && documents.length > 0;
  return (
    <main className={`library${showNav ? ' with-nav' : ''}`}>
      {showNav ? (
        <CollectionsNav
          collections={collections}
          documentCount={documents.length}
          activeId={null}
          onAll={() => undefined}
          onOpen={(c) => onOpenCollection(c.id)}
          onNew={() => makeCollection(selectedIds)}
        />
      ) : null}
      <div className="library-main">
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
          <button type="button" className="button button-primary" onClick={onOpenPicker} disabled={job !== null}>
            Open PDF…
          </button>
          <span className="muted">or drop PDF files anywhere in this window · {shortcutLabel('mod+o')}</span>
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
        {batchDone && !running ? (
          <BatchSummary
            total={batchDone.total}
            added={added.filter(({ result }) => !result.alreadyPresent).length}
            alreadyPresent={added.filter(({ result }) => result.alreadyPresent).length}
            failed={failures.length}
            expanded={batchDone.expanded}
            onToggle={() => setBatchDone({ ...batchDone, expanded: !batchDone.expanded })}
            onDismiss={() => {
              setBatchDone(null);
              setAdded([]);
              setFailures((list) => list.filter((f) => f.retry !== null));
            }}
          />
        ) : null}
        {failures
          // a collapsed batch still shows what waits for the user (a password)
          .filter((failure) => !batchDone || running || batchDone.expanded || failure.retry !== null)
          .map((failure) => (
            <IngestFailureBox
              key={failure.fileName}
              failure={failure}
              busy={job !== null}
              onDismiss={() => setFailures((list) => list.filter((f) => f !== failure))}
            />
          ))}
        {added
          .filter(() => !batchDone || running || batchDone.expanded)
          .map(({ result, fileName }) => (
            <div key={`${fileName}-${result.document.id}`} className="notice" role="status" data-testid="ingest-done">
              <span>
                {result.alreadyPresent ? 'Already in your library: ' : 'Added '}
                <strong>{result.document.title}</strong> — {plural(result.document.pageCount, 'page')}, {formatInt(result.document.totalTokens)} tokens
                {result.alreadyPresent ? '' : ` (${(result.ms / 1000).toFixed(1)} s)`}.
                {result.ocrPages.length > 0 ? ` ${plural(result.ocrPages.length, 'scanned page')} read by OCR.` : ''}
                {result.lowConfidencePages.length > 0 ? ` ${plural(result.lowConfidencePages.length, 'page')} read with low confidence: ${result.lowConfidencePages.join(', ')}.` : ''}
                {result.visionPages.length > 0
                  ? ` ${plural(result.visionPages.length, 'scanned page')} can be sent to the model: its row shows the cost; nothing is sent before you choose Send.`
                  : result.document.textlessPages.length > 0
                    ? ` ${plural(result.document.textlessPages.length, 'page')} ha${result.document.textlessPages.length === 1 ? 's' : 've'} no text and cannot be quoted.`
                    : ''}
              </span>
              <span className="notice-actions">
                <button type="button" className="button button-small" onClick={() => onOpen(result.document.id)}>
                  Open
                </button>
                <button
                  type="button"
                  className="icon-button notice-dismiss"
                  aria-label={`Dismiss the note about ${result.document.title}`}
                  title="Dismiss"
                  onClick={() => setAdded((list) => list.filter((a) => a.result !== result))}
                >
                  ×
                </button>
              </span>
            </div>
          ))}
      </div>
      <ErrorNote error={loadError} />
      {documents === null && !loadError ? <p className="muted">Loading your library…</p> : null}
      {documents && documents.length > 0 ? <LibrarySearch documents={documents} onOpen={onOpen} /> : null}
      {documents && documents.length > 0 ? (
        <section className="doc-table-wrap" aria-label="Documents" onKeyDown={onTableKey}>
          <div className="doc-table-head">
            <h2 className="section-title">
              All documents <span className="muted">({documents.length})</span>
            </h2>
            {documents.length > 1 ? (
              <button type="button" className="button button-small ask-all" onClick={() => onOpenCollection(ALL_DOCUMENTS)} title="Put one question to every document in the library">
                Ask all documents
              </button>
            ) : null}
            {onCompare && documents.length > 1 ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => onCompare(selectedIds.length > 1 ? selectedIds : undefined)}
                title={selectedIds.length > 1 ? 'Ask each selected document the same question and see the answers side by side' : 'Ask each document the same question and see the answers side by side'}
              >
                Compare documents…
              </button>
            ) : null}
            {selectedIds.length > 0 ? (
              <SelectionBar
                count={selectedIds.length}
                collections={collections}
                busy={collectionBusy}
                onMake={() => makeCollection(selectedIds)}
                onAdd={(c) => void addToCollection(c, selectedIds)}
                onClear={() => setSelection(EMPTY_SELECTION)}
              />
            ) : (
              <span className="muted small selection-hint">Select documents to make a collection and ask them together.</span>
            )}
          </div>
          {collectionNote ? (
            <div className={collectionNote.error ? 'error-box collection-note' : 'notice collection-note'} role={collectionNote.error ? 'alert' : 'status'} data-testid="collection-note">
              <span>{collectionNote.text}</span>
              <span className="notice-actions">
                {collectionNote.collectionId ? (
                  <button type="button" className="button button-small" onClick={() => collectionNote.collectionId && onOpenCollection(collectionNote.collectionId)}>
                    Open the collection
                  </button>
                ) : null}
                <button type="button" className="icon-button notice-dismiss" aria-label="Dismiss this note" title="Dismiss" onClick={() => setCollectionNote(null)}>
                  ×
                </button>
              </span>
            </div>
          ) : null}
          <table className="doc-table selectable">
            <thead>
              <tr>
                <th scope="col" className="select-col">
                  <input
                    type="checkbox"
                    className="row-select"
                    aria-label="Select all documents"
                    checked={selectedIds.length > 0 && selectedIds.length === order.length}
                    ref={(el) => {
                      if (el) el.indeterminate = selectedIds.length > 0 && selectedIds.length < order.length;
                    }}
                    onChange={() => setSelection(selectedIds.length === order.length ? EMPTY_SELECTION : selectAll(order))}
                  />
                </th>
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
                  <tr
                    key={doc.id}
                    data-doc-id={doc.id}
                    className={`doc-row${selection.ids.has(doc.id) ? ' selected' : ''}`}
                    aria-selected={selection.ids.has(doc.id)}
                    onClick={(e) => {
                      // a click on the row itself (not a button, link or field) selects it
                      if ((e.target as HTMLElement).closest('button, a, input, select, textarea, form')) return;
                      setSelection((s) => select(order, s, doc.id, howFromEvent(e, false)));
                    }}
                  >
                    <td className="select-col">
                      <input
                        type="checkbox"
                        className="row-select"
                        aria-label={`Select ${doc.title}`}
                        checked={selection.ids.has(doc.id)}
                        onChange={() => undefined}
                        onClick={(e) => setSelection((s) => select(order, s, doc.id, howFromEvent(e, true)))}
                        onKeyDown={(e) => onCheckboxKey(e, doc.id)}
                      />
                    </td>
                    <td>
                      {renaming === doc.id ? (
                        <TitleEditor
                          doc={doc}
                          className="row-title-editor"
                          onDone={(renamed) => {
                            setRenaming(null);
                            if (renamed) onChanged();
                          }}
                        />
                      ) : (
                        <button
                          type="button"
                          className="doc-title"
                          onClick={() => onOpen(doc.id)}
                          onKeyDown={(e) => {
                            if (e.key === 'F2') {
                              e.preventDefault();
                              setRenaming(doc.id);
                            }
                          }}
                          title={`${doc.title} (F2 renames)`}
                        >
                          {doc.title}
                        </button>
                      )}
                      <div className="muted small ellipsis" title={doc.fileName}>
                        {doc.fileName} · {formatBytes(doc.byteSize)}
                        {doc.author ? ` · ${doc.author}` : ''}
                        {doc.textlessPages.length > 0 ? ` · ${plural(doc.textlessPages.length, 'page')} without text` : ''}
                      </div>
                      <OcrRowStatus doc={doc} status={ocrStatus.get(doc.id)} onChanged={onChanged} />
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
                    <td className="muted date-cell" title={formatDate(doc.lastUsedAt)}>
                      {formatShortDate(doc.lastUsedAt)}
                    </td>
                    <td className="row-actions">
                      <button type="button" className="button button-small" onClick={() => onOpen(doc.id)}>
                        Open
                      </button>
                      <button
                        type="button"
                        className="link-button subtle rename-action"
                        aria-label={`Rename ${doc.title}`}
                        title="Give this document another title (F2)"
                        disabled={renaming === doc.id}
                        onClick={() => setRenaming(doc.id)}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="link-button subtle"
                        aria-label={`Remove ${doc.title}`}
                        title="Remove from library"
                        disabled={removing === doc.id}
                        onClick={() => askRemove(doc)}
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
      </div>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <NameDialog request={nameRequest} onClose={() => setNameRequest(null)} />
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
          <label htmlFor={inputId}>PDF password</label>
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

/** One line after a batch of several files: what happened, details on request. */
function BatchSummary({
  total,
  added,
  alreadyPresent,
  failed,
  expanded,
  onToggle,
  onDismiss,
}: {
  total: number;
  /** New to the library. */
  added: number;
  /** Files the library already held (nothing was added for them). */
  alreadyPresent: number;
  failed: number;
  expanded: boolean;
  onToggle: () => void;
  onDismiss: () => void;
}): ReactNode {
  const parts = [`${formatInt(added)} added`];
  if (alreadyPresent > 0) parts.push(`${formatInt(alreadyPresent)} already in your library`);
  if (failed > 0) parts.push(`${formatInt(failed)} could not be added`);
  return (
    <div className={`notice batch-summary${failed > 0 ? ' has-failures' : ''}`} role="status" data-testid="batch-summary">
      <span>
        <strong>{plural(total, 'file')}:</strong> {parts.join(', ')}.
      </span>
      <span className="notice-actions">
        <button type="button" className="link-button" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? 'Hide details' : 'Show details'}
        </button>
        <button type="button" className="icon-button notice-dismiss" aria-label="Dismiss these notes" title="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </span>
    </div>
  );
}
