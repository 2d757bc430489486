/**
 * A document title a person recognises. PDF metadata often holds an id or the name of the file it
 * was exported from ("0001018724-20-000004", "10Q Doc & Exhibits-2022-08-03-15-21",
 * "Microsoft Word - F20_10K_VFinal.docx"); then the title comes from the first pages: for an SEC
 * filing the registrant, the form and the period on its cover ("Amazon.com, Inc. — Form 10-K,
 * fiscal year ended December 31, 2019"), otherwise the file name.
 */

/** First pages read for a cover title (the registrant's name in mixed case is often on page 2 or 3). */
export const TITLE_PAGES = 3;

/** True when a metadata title is no title: empty, an id, a timestamped export, a word processor's file name, a cover heading. */
export function looksLikeMachineTitle(title: string | null | undefined): boolean {
  const text = (title ?? '').replace(/\s+/g, ' ').trim();
  if (text === '') return true;
  if (/^(untitled|document|title|none|null|unknown|pdf)\b\.?\d*$/i.test(text)) return true;
  // EDGAR accession numbers and other ids: mostly digits and separators
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 3 || /^\d{6,}[-_]\d{2}[-_]\d{4,}$/.test(text)) return true;
  if (/^[0-9a-f]{16,}$/i.test(text) || /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(text)) return true;
  // "Microsoft Word - x.docx", "Adobe InDesign - ...", any "name.ext"
  if (/^(microsoft\s+(word|excel|powerpoint)|adobe\s+\w+|libreoffice|openoffice)\s*-/i.test(text)) return true;
  if (/\.(docx?|xlsx?|pptx?|odt|rtf|txt|html?|pdf|indd|qxd|tmp)$/i.test(text)) return true;
  // an export stamp: "...-2022-08-03-15-21", "20220803_1521"
  if (/\d{4}-\d{2}-\d{2}[-_ T]\d{2}[-_:]\d{2}/.test(text) || /\b\d{8}[-_]\d{4,6}\b/.test(text)) return true;
  // the heading of an SEC cover page, not a title
  if (/^(united states\s+)?securities and exchange commission$/i.test(text)) return true;
  if (/^form\s+[\w-]+$/i.test(text)) return true;
  return false;
}

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const DATE = `((?:${MONTHS})\\s+\\d{1,2},?\\s+\\d{4})`;
const FORM = /\bFORM\s+(10-K(?:T|405)?|10-Q(?:T)?|8-K|20-F|40-F|6-K|11-K|S-1|S-4|DEF\s+14A|N-CSR)\b/i;
const PERIODS: { pattern: RegExp; words: string }[] = [
  // a two-column cover may put a few words of the other column between "ended" and the date
  { pattern: new RegExp(`for\\s+the\\s+(?:fiscal\\s+)?year\\s+ended:?\\s+(?:[^\\n]{0,40}\\n)?${DATE}`, 'i'), words: 'fiscal year ended' },
  { pattern: new RegExp(`for\\s+the\\s+quarterly\\s+period\\s+ended:?\\s+(?:[^\\n]{0,40}\\n)?${DATE}`, 'i'), words: 'quarter ended' },
  { pattern: new RegExp(`date\\s+of\\s+report\\s*\\(date\\s+of\\s+earliest\\s+event\\s+reported\\)\\s*:?\\s*${DATE}`, 'i'), words: 'dated' },
];
const NOT_A_NAME = /commission\s+file|file\s+number|transition\s+period|\bfor\s+the\b|pursuant\s+to|\bmark\s+one\b|^\(?\s*(or|to)\s*\)?$/i;
const COMPANY_LINE = /^[A-Z0-9][\w.,&'’\- ]{1,70}\b(inc|incorporated|corporation|corp|company|co|ltd|limited|plc|llc|l\.p|n\.v|s\.a|ag|se|group|holdings)\.?$/i;
const REGISTRANT = /\(\s*exact\s+name\s+of\s+(?:the\s+)?registrant/i;

/** "DECEMBER 31, 2019" -> "December 31, 2019" */
function tidyDate(text: string): string {
  const spaced = text.replace(/\s+/g, ' ').replace(/(\d),?\s+(\d{4})$/, '$1, $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'de', 'du', 'la', 'et']);

/** "AMAZON.COM, INC." -> "Amazon.com, Inc."; "THE COCA-COLA COMPANY" -> "The Coca-Cola Company"; "3M COMPANY" -> "3M Company". */
export function titleCaseName(name: string): string {
  return name
    .split(' ')
    .map((word, index) => {
      if (/[\d&]/.test(word)) return word; // "3M", "AT&T"
      const lower = word.toLowerCase();
      if (index > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.replace(/(^|[-/(])(\p{Ll})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
    })
    .join(' ');
}

/** The registrant's name: the line just before "(Exact name of registrant as specified in its charter)". */
function registrantName(lines: readonly string[], fullText: string): string | null {
  const at = lines.findIndex((line) => REGISTRANT.test(line));
  let name = at < 0 ? '' : ((lines[at] ?? '').split(REGISTRANT)[0]?.trim() ?? '');
  for (let i = at - 1; at >= 0 && name === '' && i >= Math.max(0, at - 4); i--) {
    const line = (lines[i] ?? '').trim();
    // rules, the file number and the cover's check-box lines sit between the form and the name
    if (/^[_\-–—=\s.]*$/.test(line) || NOT_A_NAME.test(line)) continue;
    name = line;
  }
  // no "(Exact name of registrant...)" caption, or nothing above it (a logo): a line that ends like a company's name
  if (name === '') name = lines.slice(0, 60).find((line) => COMPANY_LINE.test(line.trim()) && !NOT_A_NAME.test(line))?.trim() ?? '';
  name = name.replace(/\s+/g, ' ').replace(/\s+([.,])/g, '$1').replace(/^[_\s]+|[_\s]+$/g, '');
  if (name.length < 2 || name.length > 100 || !/\p{L}/u.test(name)) return null;
  if (/[a-z]/.test(name)) return name;
  // All capitals on the cover: the same name in mixed case elsewhere on the first pages, else title case.
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const mixed = new RegExp(escaped, 'gi');
  for (const match of fullText.matchAll(mixed)) if (/[a-z]/.test(match[0]) && /[A-Z]/.test(match[0])) return match[0].replace(/\s+/g, ' ');
  return titleCaseName(name);
}

/** "Amazon.com, Inc. — Form 10-K, fiscal year ended December 31, 2019" from an SEC cover page, or null. */
export function coverTitle(firstPages: readonly string[]): string | null {
  const text = firstPages.join('\n');
  const lines = text.split('\n');
  const form = FORM.exec(text)?.[1]?.replace(/\s+/g, ' ').toUpperCase();
  const company = registrantName(lines, text);
  if (!company || !form) return null;
  let period: string | null = null;
  for (const { pattern, words } of PERIODS) {
    const date = pattern.exec(text)?.[1];
    if (date) {
      period = `${words} ${tidyDate(date)}`;
      break;
    }
  }
  return `${company} — Form ${form}${period ? `, ${period}` : ''}`;
}

/** The title to store: the metadata title when it is one, else the cover's, else the file name's. */
export function chooseTitle(metadataTitle: string | null, firstPages: readonly string[], fileNameTitle: string): string {
  const meta = metadataTitle?.replace(/\s+/g, ' ').trim() ?? '';
  if (!looksLikeMachineTitle(meta)) return meta;
  return coverTitle(firstPages) ?? fileNameTitle;
}
