/**
 * Questions over several documents (issue 10) against the fake OpenAI server: real SQLite, real generated
 * PDFs, the real openai SDK over HTTP. The fake answers from the page blocks it is sent, one line per
 * document, citing [Dk, p. N] (or a bare [p. N] under [fake:bare]).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerSchema, PlanSchema } from '../../shared/api/domain';
import { askQuestion, askScope, planQuestion, planScope } from '../../electron/core/analysis';
import { resolveScope } from '../../electron/core/collections/scope';
import { renderExport } from '../../electron/core/export';
import { buildView } from '../../electron/core/export/view';
import { makeLargePdf, makeTextPdf } from '../fixtures/make-fixtures';
import type { RecordedRequest } from '../fake-openai/server';
import { startHarness, TEST_8K, type Harness } from './analysis-helpers';

let h: Harness;
const ids: Record<string, string> = {};

const SHARED = 'This agreement is governed by the laws of the Province of Ontario and its courts.';
const RENT_2019 = 'The tenant shall pay a monthly rent of 4,000 dollars on the first day of each month.';
const RENT_2021 = 'From 1 January 2021 the monthly rent rises to 4,400 dollars for the remaining term.';

/** The doc attributes of a recorded request's page blocks, in order. */
function docsIn(request: RecordedRequest): string[] {
  const out: string[] = [];
  for (const m of request.messages ?? []) for (const x of m.content.matchAll(/<page number="\d+" doc="(D\d+)"/g)) out.push(x[1] ?? '');
  return out;
}

beforeAll(async () => {
  h = await startHarness();
  ids.lease = await h.ingest('across-lease.pdf', await makeTextPdf({
    title: 'Lease 2019',
    pages: [`Lease of the warehouse at 12 Dock Street. ${SHARED}`, `Rent. ${RENT_2019} Late payment costs 2 percent.`, 'Signatures of the parties.'],
  }));
  ids.amendment = await h.ingest('across-amendment.pdf', await makeTextPdf({
    title: 'Amendment 2021',
    pages: [`First amendment to the lease of the warehouse. ${SHARED}`, `Rent. ${RENT_2021} All other terms stay in force.`],
  }));
  ids.report = await h.ingest('across-report.pdf', await makeLargePdf(40, { title: 'Annual report 2022' }));
});
afterAll(async () => {
  await h?.close();
});

describe('questions over several documents', () => {
  it('sends both documents whole, counted exactly, and each citation names and verifies its document', async () => {
    const ctx = h.ctx();
    const scope = resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] });
    const question = 'What is the monthly rent?';
    const plan = planScope(ctx, scope, question);
    expect(PlanSchema.parse(plan)).toEqual(plan);
    expect(plan.strategy).toBe('whole');
    expect(plan.scopeLabel).toBe('2 documents');
    expect(plan.sources.map((s) => [s.docId, s.title, s.pages])).toEqual([
      [ids.lease, 'Lease 2019', [1, 2, 3]],
      [ids.amendment, 'Amendment 2021', [1, 2]],
    ]);

    const before = h.chatRequests().length;
    const answer = await askScope(ctx, scope, question);
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(docsIn(sent[0]!)).toEqual(['D1', 'D1', 'D1', 'D2', 'D2']);
    expect(AnswerSchema.parse(answer)).toEqual(answer);
    expect(answer.docIds).toEqual([ids.lease, ids.amendment]);
    const byDoc = Object.fromEntries(answer.citations.map((c) => [c.docId, c]));
    expect(byDoc[ids.lease!]).toMatchObject({ page: 2, verified: true, docTitle: 'Lease 2019' });
    expect(byDoc[ids.amendment!]).toMatchObject({ page: 2, verified: true, docTitle: 'Amendment 2021' });
    expect(answer.verifiedShare).toBe(1);

    // the same question again: from the cache, no request; in the history of each document
    const again = await askScope(ctx, scope, question);
    expect(again.cached).toBe(true);
    expect(h.chatRequests().length).toBe(before + 1);
    expect(h.library.listAnswers({ docId: ids.amendment! }).map((a) => a.id)).toContain(answer.id);
    expect(h.library.listAnswers({ docId: ids.lease! }).map((a) => a.id)).toContain(answer.id);
    expect(h.library.listAnswers({ search: 'rent' }).map((a) => a.id)).toContain(answer.id);
    // the same documents named in the other order are the same question (sorted ids in the key)
    const reordered = await askScope(ctx, resolveScope(h.library, { docIds: [ids.amendment!, ids.lease!] }), question);
    expect(reordered.cached).toBe(true);
  });

  it('a bare [p. N] goes to the document whose page holds the quote; the same quote in two documents stays unverified', async () => {
    const ctx = h.ctx();
    const scope = resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] });
    const rent = await askScope(ctx, scope, 'What is the monthly rent? [fake:bare]');
    expect(rent.text).not.toMatch(/\[D\d/);
    const rentCites = rent.citations.filter((c) => c.quote !== null);
    expect(rentCites.map((c) => [c.docId, c.page, c.verified])).toEqual(
      expect.arrayContaining([[ids.lease, 2, true], [ids.amendment, 2, true]]),
    );

    const law = await askScope(ctx, scope, 'Which laws and courts govern the agreement? [fake:bare]');
    const shared = law.citations.filter((c) => c.quote?.includes('Province of Ontario'));
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ page: 1, verified: false });
    expect(shared[0]?.docId).toBeUndefined();
  });

  it('a follow-up in a thread over several documents carries the earlier turn, counted exactly', async () => {
    const ctx = h.ctx();
    const scope = resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] });
    const first = await askScope(ctx, scope, 'What late payment costs apply?', { fresh: true });
    const question = 'And what does the rent rise to?';
    const plan = planScope(ctx, scope, question, { threadId: first.id });
    const before = h.chatRequests().length;
    const follow = await askScope(ctx, scope, question, { threadId: first.id });
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(sent[0]?.messages?.some((m) => m.role === 'assistant' && m.content === first.text)).toBe(true);
    expect(follow.threadId).toBe(first.id);
  });

  it('re-verifies a stored answer per document when the verifier changed', async () => {
    const ctx = h.ctx();
    const scope = resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] });
    const answer = await askScope(ctx, scope, 'What does the rent rise to?', { fresh: true });
    // as if an older verifier had marked it
    const db = new Database(h.library.path);
    db.prepare('UPDATE answers SET verifier_version = NULL WHERE id = ?').run(answer.id);
    db.close();
    const read = h.library.getAnswer(answer.id);
    expect(read?.citations.map((c) => [c.docId, c.page, c.verified])).toEqual(answer.citations.map((c) => [c.docId, c.page, c.verified]));
  });

  it('a collection: in its history, and a scope of one document plans exactly as the document does', async () => {
    const ctx = h.ctx();
    const collection = h.library.collections.create('Warehouse lease', [ids.lease!, ids.amendment!]);
    const answer = await askScope(ctx, resolveScope(h.library, { collection: 'warehouse' }), 'What monthly rent does the tenant pay?');
    expect(answer).toMatchObject({ collectionId: collection.id, scopeLabel: 'Warehouse lease' });
    expect(h.library.listAnswers({ collectionId: collection.id }).map((a) => a.id)).toEqual([answer.id]);

    const one = planScope(ctx, resolveScope(h.library, { docIds: [ids.lease!] }), 'What monthly rent does the tenant pay?');
    const { scopeLabel, ...rest } = one;
    expect(scopeLabel).toBe('Lease 2019');
    expect(rest).toEqual(planQuestion(ctx, ids.lease!, 'What monthly rent does the tenant pay?'));
    const viaDoc = await askQuestion(ctx, ids.lease!, 'What monthly rent does the tenant pay?');
    const viaScope = await askScope(ctx, resolveScope(h.library, { docIds: [ids.lease!] }), 'What monthly rent does the tenant pay?');
    expect(viaScope.text).toBe(viaDoc.text);
    // the same question about the same document: today's answer (from the cache), its citations of that document
    expect(viaScope.cached).toBe(true);
    expect(viaScope.citations[0]).toMatchObject({ page: 2, verified: true });
    expect(viaScope.citations[0]?.docId ?? viaScope.docId).toBe(ids.lease);
  });

  it('focused over all documents: chooses the documents the question names, ranks pages across them, counted exactly', async () => {
    const ctx = h.ctx({ model: TEST_8K });
    const scope = resolveScope(h.library, { all: true });
    const question = 'What monthly rent does the Lease 2019 set?';
    const plan = planScope(ctx, scope, question, { strategy: 'focused' });
    expect(plan.strategy).toBe('focused');
    expect(plan.scopeLabel).toBe('All documents');
    expect(plan.sources.length).toBeGreaterThanOrEqual(1);
    const lease = plan.sources.find((s) => s.docId === ids.lease);
    expect(lease?.pages).toContain(2);
    expect(plan.sources.every((s) => s.pages.length > 0)).toBe(true);
    const before = h.chatRequests().length;
    const answer = await askScope(ctx, scope, question, { strategy: 'focused' });
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(answer.citations.find((c) => c.docId === ids.lease)).toMatchObject({ page: 2, verified: true });
    expect(plan.sources.find((s) => s.docId === ids.lease)?.reasons).toContain('title names Lease');

    // a question that names no document: pages ranked across all of them, several documents in one request
    const open = 'What is the monthly rent?';
    const wide = planScope(ctx, scope, open, { strategy: 'focused' });
    expect(wide.sources.length).toBeGreaterThan(1);
    const at = h.chatRequests().length;
    const wideAnswer = await askScope(ctx, scope, open, { strategy: 'focused' });
    const wideSent = h.chatRequests().slice(at);
    expect(wideSent[0]?.promptTokens).toBe(wide.promptTokens);
    expect(wideSent[0]!.promptTokens! + wide.reservedOutputTokens).toBeLessThanOrEqual(8192);
    expect(new Set(docsIn(wideSent[0]!)).size).toBe(wide.sources.length);
    expect(wideAnswer.citations.filter((c) => c.verified).map((c) => c.docId)).toEqual(expect.arrayContaining([ids.lease, ids.amendment]));
  });

  it('exhaustive: maps over each document`s ranges (never mixing documents), every request counted exactly', async () => {
    const ctx = h.ctx({ model: TEST_8K });
    const scope = resolveScope(h.library, { docIds: [ids.report!, ids.lease!] });
    const question = 'What is the monthly rent?';
    const plan = planScope(ctx, scope, question, { strategy: 'exhaustive' });
    expect(plan.strategy).toBe('exhaustive');
    expect(plan.calls).toBeGreaterThan(2);
    const before = h.chatRequests().length;
    const answer = await askScope(ctx, scope, question, { strategy: 'exhaustive' });
    const sent = h.chatRequests().slice(before);
    expect(sent.length).toBe(answer.calls);
    const maps = sent.filter((r) => docsIn(r).length > 0);
    for (const r of maps) expect(new Set(docsIn(r)).size).toBe(1);
    expect(new Set(maps.flatMap(docsIn))).toEqual(new Set(['D1', 'D2']));
    // what was counted for each request is what the server counted
    expect(answer.predictedPromptTokens).toBe(sent.reduce((n, r) => n + (r.promptTokens ?? 0), 0));
    expect(answer.citations.find((c) => c.docId === ids.lease)).toMatchObject({ page: 2, verified: true });
  });

  it('exports name the document of each citation (Markdown, HTML, JSON, DOCX)', async () => {
    const ctx = h.ctx();
    const answer = await askScope(ctx, resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] }), 'What is the monthly rent?');
    const bundle = { document: h.library.getDocument(ids.lease!)!, items: [answer], generatedAt: '2026-12-02T06:00:00.000Z', appVersion: 'test', pageLabels: [] };
    const text = (data: Uint8Array | string): string => (typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    const md = text(await renderExport(bundle, 'md'));
    expect(md).toMatch(/- Lease 2019, p\. 2: .*4,000 dollars.* ✓ verified/);
    expect(md).toMatch(/- Amendment 2021, p\. 2: .*4,400 dollars.* ✓ verified/);
    expect(md).toMatch(/Documents.*2 documents/);
    const html = text(await renderExport(bundle, 'html'));
    expect(html).toContain('<td class="page">Amendment 2021, p. 2</td>');
    const json = JSON.parse(text(await renderExport(bundle, 'json'))) as { items: { citations: { docId?: string; docTitle?: string | null }[] }[] };
    expect(json.items[0]?.citations.map((c) => c.docTitle).sort()).toEqual(['Amendment 2021', 'Lease 2019']);
    // DOCX lays out the same citation rows (view.ts) in its table
    expect(buildView(bundle).items[0]?.citations.map((c) => c.pages).sort()).toEqual(['Amendment 2021, p. 2', 'Lease 2019, p. 2']);
    expect((await renderExport(bundle, 'docx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('offline: an extractive answer over the scope, labelled as not from a model, citations per document', async () => {
    const ctx = h.ctx({ offline: true });
    const answer = await askScope(ctx, resolveScope(h.library, { docIds: [ids.lease!, ids.amendment!] }), 'What is the monthly rent?');
    expect(answer.extractive).toBe(true);
    expect(answer.text).toMatch(/^Extractive answer \(no model used\)/);
    expect(answer.text).toMatch(/\[D2, p\. 2\]/);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.verified && c.docId !== undefined)).toBe(true);
  });
});

describe('removing a document an answer over several documents was written from', () => {
  it('the answer stays while any of its documents does, whichever is removed first; the last one takes it', async () => {
    const first = await h.ingest('across-remove-first.pdf', await makeTextPdf({ title: 'Lease 2017', pages: [`Rent. ${RENT_2019}`] }));
    const second = await h.ingest('across-remove-second.pdf', await makeTextPdf({ title: 'Amendment 2018', pages: [`Rent. ${RENT_2021}`] }));
    const alone = await askScope(h.ctx(), resolveScope(h.library, { docIds: [first] }), 'What is the rent of the 2017 lease?');
    const answer = await askScope(h.ctx(), resolveScope(h.library, { docIds: [first, second] }), 'What is the monthly rent?');
    expect(answer.docIds).toEqual([first, second]);

    // the document the answer is filed under goes first
    expect(h.library.removeDocument(first)).toBe(true);
    expect(h.library.getAnswer(alone.id)).toBeNull(); // written from it alone: gone with it
    const kept = h.library.getAnswer(answer.id);
    expect(kept?.text).toBe(answer.text);
    expect(kept?.docId).toBe(second);
    expect(kept?.docIds).toEqual([second]);
    expect(kept?.citations.find((c) => c.docId === second)).toMatchObject({ page: 1, verified: true });
    expect(h.library.listAnswers({ docId: second }).map((a) => a.id)).toContain(answer.id);

    // the first added again: the same question over both is asked anew, not served from the answer that lost it
    expect(await h.ingest('across-remove-first.pdf', await makeTextPdf({ title: 'Lease 2017', pages: [`Rent. ${RENT_2019}`] }))).toBe(first);
    const asked = await askScope(h.ctx(), resolveScope(h.library, { docIds: [first, second] }), 'What is the monthly rent?');
    expect(asked.cached).toBe(false);
    expect(asked.id).not.toBe(answer.id);
    expect(asked.docIds).toEqual([first, second]);
    expect(h.library.getAnswer(answer.id)?.docIds).toEqual([second]); // the old one is still in history
    expect(h.library.removeDocument(first)).toBe(true);

    expect(h.library.removeDocument(second)).toBe(true);
    expect(h.library.getAnswer(answer.id)).toBeNull();
  });
});
