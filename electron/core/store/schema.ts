/**
 * Numbered migrations. PRAGMA user_version holds how many steps have been applied;
 * each step runs inside one IMMEDIATE transaction together with the version bump,
 * so two processes opening a fresh library at once cannot both apply a step.
 *
 * Append new steps at the end; never edit a step that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: documents, pages + FTS, answers + citations + FTS, settings
  `
  CREATE TABLE documents (
    id              TEXT PRIMARY KEY,            -- SHA-256 (hex) of the file's bytes
    title           TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    author          TEXT,
    page_count      INTEGER NOT NULL,
    total_tokens    INTEGER NOT NULL,
    byte_size       INTEGER NOT NULL,
    outline_json    TEXT NOT NULL DEFAULT '[]',
    textless_pages  TEXT NOT NULL DEFAULT '[]',  -- JSON array of 1-based page numbers
    failed_pages    TEXT NOT NULL DEFAULT '[]',  -- JSON array of 1-based page numbers
    parser          TEXT NOT NULL,               -- e.g. "pdfjs-dist 5.6.205"
    created_at      TEXT NOT NULL,
    last_used_at    TEXT NOT NULL
  );
  CREATE INDEX documents_last_used ON documents(last_used_at DESC);

  -- id is an INTEGER PRIMARY KEY (stable across VACUUM) so that the external-content
  -- FTS index can point at it; (doc_id, page_number) is the natural key.
  CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page_number  INTEGER NOT NULL CHECK (page_number >= 1),
    label        TEXT,
    heading      TEXT NOT NULL,                 -- first ~2 non-empty lines (FTS column, weighted)
    body         TEXT NOT NULL,                 -- the page text
    tokens       INTEGER NOT NULL,
    no_text      INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    UNIQUE (doc_id, page_number)
  );

  CREATE VIRTUAL TABLE pages_fts USING fts5(
    heading, body,
    content = 'pages', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
    INSERT INTO pages_fts(rowid, heading, body) VALUES (new.id, new.heading, new.body);
  END;
  CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
  END;
  CREATE TRIGGER pages_fts_update AFTER UPDATE OF heading, body ON pages BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
    INSERT INTO pages_fts(rowid, heading, body) VALUES (new.id, new.heading, new.body);
  END;

  CREATE TABLE answers (
    seq                      INTEGER PRIMARY KEY,   -- FTS rowid
    id                       TEXT NOT NULL UNIQUE,
    doc_id                   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind                     TEXT NOT NULL CHECK (kind IN ('answer', 'summary')),
    question                 TEXT NOT NULL,
    normalized_question      TEXT NOT NULL,
    thread_id                TEXT,
    text                     TEXT NOT NULL,
    model                    TEXT NOT NULL,
    strategy                 TEXT NOT NULL,
    extractive               INTEGER NOT NULL DEFAULT 0,
    prompt_tokens            INTEGER NOT NULL DEFAULT 0,
    completion_tokens        INTEGER NOT NULL DEFAULT 0,
    cached_tokens            INTEGER NOT NULL DEFAULT 0,
    total_tokens             INTEGER NOT NULL DEFAULT 0,
    predicted_prompt_tokens  INTEGER NOT NULL DEFAULT 0,
    calls                    INTEGER NOT NULL DEFAULT 0,
    cost_usd                 REAL NOT NULL DEFAULT 0,
    verified_share           REAL NOT NULL DEFAULT 1,
    status                   TEXT NOT NULL CHECK (status IN ('complete', 'incomplete', 'failed')),
    error_message            TEXT,
    cache_key                TEXT,
    created_at               TEXT NOT NULL
  );
  CREATE INDEX answers_cache_key ON answers(cache_key) WHERE cache_key IS NOT NULL;
  CREATE INDEX answers_doc ON answers(doc_id, created_at);
  CREATE INDEX answers_thread ON answers(thread_id, created_at) WHERE thread_id IS NOT NULL;
  CREATE INDEX answers_created ON answers(created_at);

  CREATE TABLE citations (
    answer_id  TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    page       INTEGER NOT NULL,
    page_end   INTEGER,
    quote      TEXT,
    verified   INTEGER NOT NULL,
    PRIMARY KEY (answer_id, ordinal)
  );

  CREATE VIRTUAL TABLE answers_fts USING fts5(
    question, text,
    content = 'answers', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts(rowid, question, text) VALUES (new.seq, new.question, new.text);
  END;
  CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, question, text) VALUES ('delete', old.seq, old.question, old.text);
  END;
  CREATE TRIGGER answers_fts_update AFTER UPDATE OF question, text ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, question, text) VALUES ('delete', old.seq, old.question, old.text);
    INSERT INTO answers_fts(rowid, question, text) VALUES (new.seq, new.question, new.text);
  END;

  CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  `,
  // citations: which verifier marked them, and the pages the answer was written from (to re-verify on read;
  // answers stored before this step have NULL in both and are re-verified once when next read)
  `
  ALTER TABLE answers ADD COLUMN verifier_version TEXT;
  ALTER TABLE answers ADD COLUMN context_pages TEXT;
  `,
  // pages whose text was cut at MAX_PAGE_TEXT_CHARS (a page of absurdly much text), for `info`
  `
  ALTER TABLE documents ADD COLUMN truncated_pages TEXT NOT NULL DEFAULT '[]';
  `,
  // OCR (issue 11): where each page's text came from, how sure the engine was, and the word boxes.
  // A page is pending OCR while no_text = 1 and ocr_status IS NULL (no backfill needed).
  `
  ALTER TABLE pages ADD COLUMN source TEXT NOT NULL DEFAULT 'text' CHECK (source IN ('text', 'ocr', 'vision'));
  ALTER TABLE pages ADD COLUMN confidence REAL;     -- 0..100, mean word confidence (OCR pages only)
  ALTER TABLE pages ADD COLUMN ocr_status TEXT CHECK (ocr_status IN ('done', 'blank', 'failed'));
  CREATE INDEX pages_ocr_pending ON pages(doc_id, page_number) WHERE no_text = 1 AND ocr_status IS NULL;

  CREATE TABLE page_ocr (
    page_id     INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    engine      TEXT NOT NULL,                -- e.g. "tesseract.js 7.0.0 (tesseract 5.1.0, eng)"
    dpi         INTEGER NOT NULL,
    width       INTEGER NOT NULL,             -- rendered image size in pixels
    height      INTEGER NOT NULL,
    words_json  TEXT NOT NULL,                -- [[text, x0, y0, x1, y1, confidence], ...], boxes as fractions of the page
    error       TEXT,
    created_at  TEXT NOT NULL
  );
  `,
  // collections (issue 10): named sets of documents; a document can be in several, and leaving the library
  // takes it out of every collection (ON DELETE CASCADE)
  `
  CREATE TABLE collections (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE collection_documents (
    collection_id  TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    PRIMARY KEY (collection_id, doc_id)
  );
  CREATE INDEX collection_documents_doc ON collection_documents(doc_id);
  `,
  // comparisons (issue 10, Compare): the same question asked of each document of a scope; one row per finished
  // document pointing at its ordinary answer, or the error that stopped it (written as each finishes)
  `
  CREATE TABLE comparisons (
    id             TEXT PRIMARY KEY,
    question       TEXT NOT NULL,
    scope_label    TEXT NOT NULL,
    collection_id  TEXT REFERENCES collections(id) ON DELETE SET NULL,
    doc_ids        TEXT NOT NULL,          -- JSON: the documents asked, in the scope's order
    created_at     TEXT NOT NULL
  );
  CREATE INDEX comparisons_created ON comparisons(created_at);
  CREATE TABLE comparison_rows (
    comparison_id  TEXT NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,       -- index in doc_ids
    doc_id         TEXT NOT NULL,
    title          TEXT NOT NULL,          -- the document's title when asked (kept if it leaves the library)
    answer_id      TEXT REFERENCES answers(id) ON DELETE SET NULL,
    cached         INTEGER NOT NULL DEFAULT 0,
    error_code     TEXT,
    error_message  TEXT,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (comparison_id, position)
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
