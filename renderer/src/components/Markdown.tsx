/**
 * A small, safe Markdown renderer for model output (which is untrusted): it
 * parses a subset of Markdown (headings, paragraphs, lists, quotes, code,
 * rules, bold/italic/code/links) and builds React elements. Text is always a
 * text node; raw HTML in the input stays visible as text. Never
 * dangerouslySetInnerHTML. Citations become chips: the whole text is parsed
 * once by the shared grammar (lib/citations.ts) before the blocks are, so a
 * citation is a chip wherever it stands, even in code.
 */
import { Fragment, type ReactNode } from 'react';
import { PLACEHOLDER_RE, prepareCitations, type CitationGroup, type CitationRef } from '../lib/citations';

export type CitationRenderer = (ref: CitationRef, key: string) => ReactNode;

/** What inline rendering needs besides the text: the citation references and how to draw one. */
interface InlineContext {
  groups: readonly CitationGroup[];
  renderCitation: CitationRenderer | undefined;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const LIST_RE = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (/^\s*$/.test(line)) {
      i += 1;
      continue;
    }
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] as string)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      i += 1;
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: (heading[1] as string).length, text: heading[2] as string });
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] ?? '')) {
        quoted.push((lines[i] ?? '').replace(/^\s{0,3}>\s?/, ''));
        i += 1;
      }
      blocks.push({ kind: 'quote', lines: quoted });
      continue;
    }
    const item = LIST_RE.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1] as string);
      const start = ordered ? Number.parseInt(item[1] as string, 10) : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const m = LIST_RE.exec(current);
        if (m && /\d/.test(m[1] as string) === ordered) {
          items.push(m[2] as string);
          i += 1;
        } else if (items.length > 0 && /^\s{2,}\S/.test(current)) {
          // continuation or nested line: fold into the item
          items[items.length - 1] += ` ${current.trim().replace(/^([-*+]|\d+[.)])\s+/, '')}`;
          i += 1;
        } else break;
      }
      blocks.push({ kind: 'list', ordered, start, items });
      continue;
    }
    const para: string[] = [line.trim()];
    i += 1;
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (/^\s*$/.test(next) || /^\s{0,3}(#{1,6}\s|>|```|~~~)/.test(next) || LIST_RE.test(next)) break;
      para.push(next.trim());
      i += 1;
    }
    blocks.push({ kind: 'paragraph', text: para.join('\n') });
  }
  return blocks;
}

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s]+$/i;

/** The chips of one citation reference (or its text, when there is no chip renderer). */
function citationGroup(index: number, ctx: InlineContext, key: string): ReactNode {
  const group = ctx.groups[index];
  if (!group) return null;
  if (!ctx.renderCitation) return group.raw;
  const render = ctx.renderCitation;
  return (
    <span key={key} className="cite-group">
      {group.refs.map((ref, j) => render(ref, `${key}-${j}`))}
    </span>
  );
}

/** Literal text (code) with its citation placeholders drawn as chips. */
function literalWithChips(text: string, ctx: InlineContext, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(citationGroup(Number(m[1]), ctx, `${keyPrefix}-c${n++}`));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Inline: `code`, **bold**, *italic* / _italic_, [text](url), citations, line breaks. */
function renderInline(text: string, ctx: InlineContext, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = new RegExp(
    [
      '`([^`\\n]+)`', // 1 code
      '\\*\\*([^*\\n][\\s\\S]*?)\\*\\*', // 2 bold
      '__([^_\\n][\\s\\S]*?)__', // 3 bold
      '\\*([^*\\s](?:[^*\\n]*[^*\\s])?)\\*', // 4 italic
      '(?<![\\w])_([^_\\s](?:[^_\\n]*[^_\\s])?)_(?![\\w])', // 5 italic
      '\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)', // 6,7 link
      PLACEHOLDER_RE.source, // 8 citation
      '(\\n)', // 9 line break
    ].join('|'),
    'gi',
  );
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(pattern)) {
    const index = m.index;
    if (index > last) out.push(text.slice(last, index));
    const key = `${keyPrefix}-${n++}`;
    if (m[1] !== undefined) out.push(<code key={key}>{literalWithChips(m[1], ctx, key)}</code>);
    else if (m[2] !== undefined || m[3] !== undefined)
      out.push(<strong key={key}>{renderInline((m[2] ?? m[3]) as string, ctx, key)}</strong>);
    else if (m[4] !== undefined || m[5] !== undefined)
      out.push(<em key={key}>{renderInline((m[4] ?? m[5]) as string, ctx, key)}</em>);
    else if (m[6] !== undefined && m[7] !== undefined) {
      const href = m[7];
      if (SAFE_URL.test(href) && !/\uE000/.test(href)) {
        out.push(
          <a key={key} href={href} target="_blank" rel="noopener noreferrer">
            {renderInline(m[6], ctx, key)}
          </a>,
        );
      } else out.push(...literalWithChips(m[0], ctx, key));
    } else if (m[8] !== undefined) out.push(citationGroup(Number(m[8]), ctx, key));
    else if (m[9] !== undefined) out.push(<br key={key} />);
    last = index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function Blocks({ text, ctx }: { text: string; ctx: InlineContext }): ReactNode {
  const blocks = parseBlocks(text);
  return (
    <div className="markdown">
      {blocks.map((block, i) => {
        const key = `b${i}`;
        switch (block.kind) {
          case 'heading': {
            const level = Math.min(6, block.level + 2);
            const Tag = `h${level}` as 'h3';
            return <Tag key={key}>{renderInline(block.text, ctx, key)}</Tag>;
          }
          case 'paragraph':
            return <p key={key}>{renderInline(block.text, ctx, key)}</p>;
          case 'list': {
            const items = block.items.map((item, j) => <li key={`${key}-${j}`}>{renderInline(item, ctx, `${key}-${j}`)}</li>);
            return block.ordered ? (
              <ol key={key} start={block.start}>
                {items}
              </ol>
            ) : (
              <ul key={key}>{items}</ul>
            );
          }
          case 'quote':
            return (
              <blockquote key={key}>
                <Blocks text={block.lines.join('\n')} ctx={ctx} />
              </blockquote>
            );
          case 'code':
            return (
              <pre key={key}>
                <code>{literalWithChips(block.text, ctx, key)}</code>
              </pre>
            );
          case 'rule':
            return <hr key={key} />;
          default:
            return <Fragment key={key} />;
        }
      })}
    </div>
  );
}

export function Markdown({ text, renderCitation }: { text: string; renderCitation?: CitationRenderer }): ReactNode {
  const prepared = prepareCitations(text);
  return <Blocks text={prepared.text} ctx={{ groups: prepared.groups, renderCitation }} />;
}
