/** The workspace shell: header, library or document view, settings; routing via the URL hash. */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CollectionRecord, DocumentRecord, OpOutput, PublicSettings } from '../../shared/api';
import type { AppClient } from './api';
import { toApiError } from './api/errors';
import { ALL_DOCUMENTS, CollectionView } from './components/collections/CollectionView';
import { DocumentView, type OpenTarget, type PanelTab } from './components/DocumentView';
import { ExtractTableView } from './components/extract/ExtractTableView';
import { LibraryView, type AddItem } from './components/LibraryView';
import { CompareView } from './components/compare/CompareView';
import { useCompareEntry } from './components/compare/entry';
import { JobsDialog } from './components/JobsDialog';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { TitleEditor } from './components/TitleEditor';
import { shortcutLabel } from './lib/shortcuts';
import { AppStateContext, ClientContext } from './state';
import './shell.css';

interface Route {
  docId: string | null;
  tab: PanelTab;
  /** #/compare: the Compare view (components/compare) */
  compare?: boolean;
  /** a collection's view (#/collection/ID); docId is null then */
  collectionId?: string | null;
  /** The extraction table over several documents (#/extract). */
  tables?: boolean;
}

const TAB_IDS: PanelTab[] = ['ask', 'summaries', 'extract', 'history'];

function parseHash(hash: string): Route {
  if (/^#\/compare\b/.test(hash)) return { docId: null, tab: 'ask', compare: true };
  if (/^#\/extract\b/.test(hash)) return { docId: null, tab: 'ask', tables: true };
  const m = /^#\/doc\/([A-Za-z0-9_-]+)(?:\/(ask|summaries|extract|history))?/.exec(hash);
  if (m) return { docId: m[1] as string, tab: (m[2] as PanelTab | undefined) ?? 'ask' };
  const c = /^#\/collection\/([A-Za-z0-9_-]+)/.exec(hash);
  if (c) return { docId: null, tab: 'ask', collectionId: c[1] as string };
  return { docId: null, tab: 'ask' };
}

function routeHash(route: Route): string {
  if (route.compare && !route.docId) return '#/compare';
  if (route.tables && !route.docId) return '#/extract';
  if (route.docId) return `#/doc/${route.docId}/${route.tab}`;
  return route.collectionId ? `#/collection/${route.collectionId}` : '#/';
}

function initialRoute(): Route {
  const fromHash = parseHash(window.location.hash);
  if (fromHash.docId || fromHash.collectionId || fromHash.tables) return fromHash;
  try {
    const saved = window.sessionStorage.getItem('pagewise.route');
    if (saved) return parseHash(saved);
  } catch {
    // no storage
  }
  return fromHash;
}

export function App({ client }: { client: AppClient }): ReactNode {
  const [route, setRouteState] = useState<Route>(initialRoute);
  const [info, setInfo] = useState<OpOutput<'app.info'> | null>(null);
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [documents, setDocuments] = useState<DocumentRecord[] | null>(null);
  const [libraryError, setLibraryError] = useState<string | null>(null);
  const [inputBudget, setInputBudget] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [jobsOpen, setJobsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [outlineSeq, setOutlineSeq] = useState(0);
  const lastOutlineToggle = useRef<{ source: 'key' | 'menu'; at: number } | null>(null);
  const [focusSeq, setFocusSeq] = useState(0);
  const [libraryVersion, setLibraryVersion] = useState(0);
  const [collections, setCollections] = useState<CollectionRecord[] | null>(null);
  const [collectionsVersion, setCollectionsVersion] = useState(0);
  const stopRef = useRef<(() => void) | null>(null);
  // Files dropped anywhere or picked with Open / Ctrl+O wait here until the library view takes them.
  const [incoming, setIncoming] = useState<{ seq: number; items: AddItem[] } | null>(null);
  // never reused: the library view remembers the last batch it took by this number
  const incomingSeq = useRef(0);
  const [dragging, setDragging] = useState(false);
  const [renamingTitle, setRenamingTitle] = useState(false);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const routeRef = useRef(route);
  routeRef.current = route;
  const startErrorRef = useRef(startError);
  startErrorRef.current = startError;
  // a rename in progress belongs to the document it started on
  useEffect(() => setRenamingTitle(false), [route.docId]);

  const setRoute = useCallback((next: Route) => {
    setRouteState(next);
    const hash = routeHash(next);
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    try {
      window.sessionStorage.setItem('pagewise.route', hash);
    } catch {
      // no storage
    }
  }, []);

  useEffect(() => {
    const onPop = (): void => setRouteState(parseHash(window.location.hash));
    window.addEventListener('popstate', onPop);
    if (window.location.hash !== routeHash(route)) window.history.replaceState(null, '', routeHash(route));
    return () => window.removeEventListener('popstate', onPop);
    // route only seeds the address bar once
  }, []);

  useEffect(() => {
    Promise.all([client.call('app.info', {}), client.call('settings.get', {})])
      .then(([i, s]) => {
        setInfo(i);
        setSettings(s);
      })
      .catch((e: unknown) => setStartError(toApiError(e).message));
  }, [client]);

  // The library (and the input budget the fit badges compare against).
  useEffect(() => {
    let cancelled = false;
    client
      .call('library.list', {})
      .then(async ({ documents: docs }) => {
        if (cancelled) return;
        setDocuments(docs);
        setLibraryError(null);
        const first = docs[0];
        if (first) {
          const i = await client.call('library.info', { docId: first.id });
          if (!cancelled) setInputBudget(i.fit.inputBudget);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setLibraryError(toApiError(e).message);
      });
    return () => {
      cancelled = true;
    };
  }, [client, libraryVersion, settings]);

  // The collections (their counts change when a document is removed, so the library reloads them too).
  useEffect(() => {
    let cancelled = false;
    client
      .call('collection.list', {})
      .then((r) => {
        if (!cancelled) setCollections(r.collections);
      })
      .catch(() => {
        // the library still works without them; the collection view shows its own error
        if (!cancelled) setCollections([]);
      });
    return () => {
      cancelled = true;
    };
  }, [client, libraryVersion, collectionsVersion]);
  const reloadCollections = useCallback(() => setCollectionsVersion((n) => n + 1), []);

  // an address with a short id (as the CLI prints it) becomes the document's full id
  useEffect(() => {
    const ref = route.docId;
    if (!ref || !documents || documents.some((d) => d.id === ref)) return;
    const matches = documents.filter((d) => d.id.startsWith(ref.toLowerCase()));
    if (matches.length === 1 && matches[0]) {
      const next = { docId: matches[0].id, tab: route.tab };
      setRouteState(next);
      window.history.replaceState(null, '', routeHash(next));
    }
  }, [documents, route]);

  const reloadLibrary = useCallback(() => setLibraryVersion((n) => n + 1), []);
  const compare = useCompareEntry(() => setRoute({ docId: null, tab: 'ask', compare: true }));
  const [openFocus, setOpenFocus] = useState<{ page: number; quote: string | null } | null>(null);
  const openDocument = useCallback(
    (docId: string, target?: OpenTarget) => {
      try {
        // the document view and its History read these when they mount
        if (target?.page) window.sessionStorage.setItem(`pagewise.page.${docId}`, JSON.stringify(target.page));
        if (target?.answerId) {
          window.sessionStorage.setItem('pagewise.historyOpen', JSON.stringify(target.answerId));
          window.sessionStorage.setItem('pagewise.historyScope', JSON.stringify('doc'));
        }
      } catch {
        // no storage: the document still opens
      }
      setOpenFocus(target?.page ? { page: target.page, quote: target.quote ?? null } : null);
      setRoute({ docId, tab: target?.tab ?? 'ask' });
    },
    [setRoute],
  );
  const registerStop = useCallback((stop: (() => void) | null) => {
    stopRef.current = stop;
  }, []);

  /** New files go to the library view, which shows their progress and outcome (from a document, the app goes there). */
  const addItems = useCallback(
    (items: AddItem[]) => {
      if (items.length === 0) return;
      incomingSeq.current += 1;
      const seq = incomingSeq.current;
      setIncoming((prev) => ({ seq, items: [...(prev?.items ?? []), ...items] }));
      if (routeRef.current.docId || routeRef.current.collectionId) setRoute({ docId: null, tab: routeRef.current.tab });
    },
    [setRoute],
  );
  const takeIncoming = useCallback(() => setIncoming(null), []);

  /** Ctrl/Cmd+O, the menu and the library's Open button: the native dialog (desktop) or the browser's file picker. */
  const openPicker = useCallback(async () => {
    const paths = await client.openDialogPaths().catch(() => null);
    if (paths === null) fileInputRef.current?.click();
    else addItems(paths.map((path) => ({ kind: 'path', path })));
  }, [addItems, client]);

  // A file dropped anywhere in the window is added; the browser (or Electron) never navigates to it.
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    let depth = 0;
    const onDragEnter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth += 1;
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent): void => {
      // always: a file dropped on anything (even a text field) must not replace the app
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!startErrorRef.current) addItems(files.map((file) => ({ kind: 'file', file })));
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [addItems]);

  // Show or hide the bookmarks rail. In the desktop app one key press may reach both the menu's
  // accelerator and the key handler below: a request from the other source right after is the same one.
  const toggleOutline = useCallback((source: 'key' | 'menu') => {
    const now = performance.now();
    const last = lastOutlineToggle.current;
    if (last && last.source !== source && now - last.at < 300) return;
    lastOutlineToggle.current = { source, at: now };
    setOutlineSeq((n) => n + 1);
  }, []);

  // Keyboard (the list users see is lib/shortcuts.ts): Ctrl/Cmd+O open, Ctrl/Cmd+K or / focus the
  // question, Ctrl/Cmd+F search the document, Ctrl/Cmd+B bookmarks, Esc stop, Ctrl/Cmd+, settings, ? help.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // nothing to open, search or set while the engine cannot be reached
      if (startError) return;
      const mod = e.ctrlKey || e.metaKey;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      // a modal dialog (settings, shortcuts, jobs) owns the keyboard; it closes itself on Esc
      if (settingsOpen || shortcutsOpen || jobsOpen) return;
      if (e.key === '?' && !typing && !mod && !e.altKey) {
        e.preventDefault();
        setShortcutsOpen(true);
      } else if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'b' && route.docId) {
        e.preventDefault();
        if (!e.repeat) toggleOutline('key');
      } else if (route.collectionId && !route.docId && ((mod && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !mod))) {
        e.preventDefault();
        setFocusSeq((n) => n + 1);
      } else if (!route.docId && ((mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') || (e.key === '/' && !typing && !mod))) {
        const search = document.querySelector<HTMLInputElement>('input[aria-label="Search the library"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f' && route.docId) {
        const search = document.querySelector<HTMLInputElement>('input[aria-label="Search this document"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (mod && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        if (!e.repeat) void openPicker();
      } else if (e.key === 'F2' && route.docId && !typing && !mod) {
        e.preventDefault();
        setRenamingTitle(true);
      } else if (route.docId && ((mod && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !mod))) {
        e.preventDefault();
        if (route.tab !== 'ask') setRoute({ docId: route.docId, tab: 'ask' });
        setFocusSeq((n) => n + 1);
      } else if (mod && e.key === ',') {
        e.preventDefault();
        setSettingsOpen(true);
      } else if (e.key === 'Escape' && stopRef.current) {
        e.preventDefault();
        stopRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route, setRoute, settingsOpen, shortcutsOpen, jobsOpen, toggleOutline, openPicker, startError]);

  // Electron menu commands.
  const openPickerRef = useRef(openPicker);
  openPickerRef.current = openPicker;
  useEffect(
    () =>
      client.onMenu((command) => {
        if (command === 'open-file') void openPickerRef.current();
        else if (command === 'settings') setSettingsOpen(true);
        else if (command === 'find')
          document.querySelector<HTMLInputElement>(routeRef.current.docId ? 'input[aria-label="Search this document"]' : 'input[aria-label="Search the library"]')?.focus();
        else if (command === 'toggle-panel' && routeRef.current.docId) toggleOutline('menu');
      }),
    [client, toggleOutline],
  );

  const appState = useMemo(
    () => ({ info, settings, setSettings, openSettings: () => setSettingsOpen(true) }),
    [info, settings],
  );

  const currentDoc = route.docId ? documents?.find((d) => d.id === route.docId) : undefined;
  const currentCollection = route.collectionId && !route.docId ? collections?.find((c) => c.id === route.collectionId) : undefined;
  const offline = settings ? settings.provider === 'none' : (info?.offline ?? false);

  useEffect(() => {
    const collectionName = route.collectionId === ALL_DOCUMENTS && !route.docId ? 'All documents' : currentCollection?.name;
    document.title = currentDoc ? `${currentDoc.title} — Pagewise` : collectionName ? `${collectionName} — Pagewise` : 'Pagewise';
  }, [currentDoc, currentCollection, route]);

  return (
    <ClientContext.Provider value={client}>
      <AppStateContext.Provider value={appState}>
        <div className="app">
          <header className="app-header">
            <nav className="crumbs" aria-label="Breadcrumb">
              <button type="button" className="brand" onClick={() => setRoute({ docId: null, tab: route.tab })} aria-label="Pagewise library">
                <span className="brand-mark" aria-hidden="true">
                  P
                </span>
                Pagewise
              </button>
              {route.docId && !startError ? (
                <>
                  <LibraryCrumbs onLibrary={() => setRoute({ docId: null, tab: route.tab })} />
                  {renamingTitle && currentDoc ? (
                    <TitleEditor
                      doc={currentDoc}
                      className="crumb-editor"
                      onDone={(renamed) => {
                        setRenamingTitle(false);
                        if (renamed) reloadLibrary();
                      }}
                    />
                  ) : (
                    <span className="crumb current ellipsis" aria-current="page">
                      {currentDoc?.title ?? 'Document'}
                    </span>
                  )}
                  {currentDoc && !renamingTitle ? (
                    <button
                      type="button"
                      className="icon-button crumb-rename"
                      onClick={() => setRenamingTitle(true)}
                      aria-label={`Rename “${currentDoc.title}”`}
                      title="Rename (F2)"
                    >
                      <span aria-hidden="true">✎</span>
                    </button>
                  ) : null}
                </>
              ) : route.compare && !startError ? (
                <>
                  <LibraryCrumbs onLibrary={() => setRoute({ docId: null, tab: 'ask' })} />
                  <span className="crumb current" aria-current="page">
                    Compare
                  </span>
                </>
              ) : null}
              {!route.docId && route.collectionId && !startError ? (
                <>
                  <LibraryCrumbs onLibrary={() => setRoute({ docId: null, tab: 'ask' })} />
                  <span className="crumb current ellipsis" aria-current="page">
                    {route.collectionId === ALL_DOCUMENTS ? 'All documents' : (currentCollection?.name ?? 'Collection')}
                  </span>
                </>
              ) : null}
            </nav>
            {startError ? null : (
              <div className="header-right">
                {settings ? (
                  offline ? (
                    <button type="button" className="status-pill offline" onClick={() => setSettingsOpen(true)} title="No model provider is set: answers quote the best-matching sentences (extractive). Click to set one up." data-testid="offline-indicator">
                      <span className="dot" aria-hidden="true" /> Offline · extractive answers
                    </button>
                  ) : (
                    <span className="status-pill online" title={`Provider: ${settings.provider}`}>
                      <span className="dot" aria-hidden="true" /> {settings.model}
                      {settings.provider !== 'openai' ? ` · ${settings.provider === 'azure' ? 'Azure' : 'compatible'}` : ''}
                    </span>
                  )
                ) : null}
                <button
                  type="button"
                  className="icon-button header-help"
                  onClick={() => setShortcutsOpen(true)}
                  aria-haspopup="dialog"
                  aria-label="Keyboard shortcuts"
                  title="Keyboard shortcuts (?)"
                >
                  <span aria-hidden="true">?</span>
                </button>
                <button type="button" className="button" onClick={() => setRoute({ docId: null, tab: 'ask', tables: true })} aria-current={route.tables ? 'page' : undefined} data-testid="open-extract-table">
                  Extract table
                </button>
                <button type="button" className="button" onClick={() => setJobsOpen(true)} aria-haspopup="dialog" title="Batch jobs: runs over many documents at half price">
                  Jobs
                </button>
                <button type="button" className="button" onClick={() => setSettingsOpen(true)} aria-haspopup="dialog" title={`Settings (${shortcutLabel('mod+,')})`}>
                  Settings
                </button>
              </div>
            )}
          </header>
          {startError ? (
            <StartErrorPage message={startError} />
          ) : route.docId ? (
            <DocumentView
              key={route.docId}
              docId={route.docId}
              documents={documents ?? []}
              tab={TAB_IDS.includes(route.tab) ? route.tab : 'ask'}
              onTab={(tab) => setRoute({ docId: route.docId, tab })}
              onOpenDocument={openDocument}
              initialFocus={openFocus}
              onBack={() => setRoute({ docId: null, tab: 'ask' })}
              focusQuestionSeq={focusSeq}
              toggleOutlineSeq={outlineSeq}
              registerStop={registerStop}
            />
          ) : route.compare ? (
            <CompareView
              documents={documents ?? []}
              initialScope={compare.scope}
              onOpenDocument={openDocument}
            />
          ) : route.collectionId ? (
            <CollectionView
              key={route.collectionId}
              collectionId={route.collectionId}
              documents={documents ?? []}
              onOpenDocument={openDocument}
              onChanged={reloadCollections}
              onBack={() => setRoute({ docId: null, tab: 'ask' })}
              focusQuestionSeq={focusSeq}
              registerStop={registerStop}
              onCompare={(collection) => compare.open({ collection: collection.name })}
            />
          ) : route.tables ? (
            <ExtractTableView onOpenDocument={openDocument} onBack={() => setRoute({ docId: null, tab: 'ask' })} />
          ) : (
            <LibraryView
              documents={documents}
              loadError={libraryError}
              inputBudget={inputBudget}
              onOpen={openDocument}
              onChanged={reloadLibrary}
              onOpenPicker={() => void openPicker()}
              onCompare={(docIds) => compare.open(docIds ? { docIds } : null)}
              incoming={incoming}
              onIncomingTaken={takeIncoming}
              collections={collections ?? []}
              onCollectionsChanged={reloadCollections}
              onOpenCollection={(collectionId) => setRoute({ docId: null, tab: 'ask', collectionId })}
            />
          )}
          <input
            ref={fileInputRef}
            type="file"
            accept="application/pdf,.pdf"
            multiple
            hidden
            data-testid="file-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              addItems(files.map((file) => ({ kind: 'file', file })));
            }}
          />
          {dragging ? (
            <div className="drop-overlay" aria-hidden="true">
              Drop to add to your library
            </div>
          ) : null}
          <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
          <JobsDialog open={jobsOpen} onClose={() => setJobsOpen(false)} onResults={reloadLibrary} />
          <SettingsDialog
            open={settingsOpen}
            settings={settings}
            onClose={() => setSettingsOpen(false)}
            onSaved={(s) => {
              setSettings(s);
              reloadLibrary();
            }}
          />
        </div>
      </AppStateContext.Provider>
    </ClientContext.Provider>
  );
}

/** The engine cannot be reached (no or a wrong session token, the server stopped): one message, one thing to do. */
/** "/ Library /" in the title bar's trail: the way back to the library, before the current place. */
function LibraryCrumbs({ onLibrary }: { onLibrary: () => void }): ReactNode {
  return (
    <>
      <span className="crumb-sep" aria-hidden="true">
        /
      </span>
      <button type="button" className="crumb" onClick={onLibrary}>
        Library
      </button>
      <span className="crumb-sep" aria-hidden="true">
        /
      </span>
    </>
  );
}

function StartErrorPage({ message }: { message: string }): ReactNode {
  // the engine's messages quote commands in `backticks`
  const parts = message.split(/`([^`]+)`/);
  return (
    <main className="start-error-page">
      <div className="start-error error-box" role="alert" data-testid="start-error">
        <h1>Pagewise could not start</h1>
        <p>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </main>
  );
}
