/**
 * The languages offline OCR can read on this install, and where each one's model is (issue 11).
 * A language is its tesseract code (eng, deu, chi_sim); its model comes from the npm package
 * @tesseract.js-data/<code> in node_modules (the folder 4.0.0_best_int holds <code>.traineddata.gz),
 * or, when PAGEWISE_OCR_TESSDATA names a folder of uncompressed <code>.traineddata files (Debian's
 * tesseract-ocr-<code>), from that folder. Nothing is ever downloaded: a language whose data is not
 * installed is refused with the package to install.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OcrLanguageSchema } from '../../../shared/api/domain';
import type { OcrLanguageInfo } from '../../../shared/api/ocr';
import { PagewiseError } from '../errors';
import { nodeModule } from '../runtime/builtins';

/** The npm scope whose packages carry tesseract.js's language models. */
const DATA_SCOPE = '@tesseract.js-data';
/** LSTM-only model ("tessdata best", integerised): what tesseract.js uses by default with OEM 1. */
export const DATA_FOLDER = '4.0.0_best_int';
/** Not languages: orientation/script detection and the equation model. */
const NOT_LANGUAGES = new Set(['osd', 'equ']);

/** English names of common tesseract codes, for the Settings list; any other code is shown as itself. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  eng: 'English',
  deu: 'German',
  fra: 'French',
  spa: 'Spanish',
  ita: 'Italian',
  por: 'Portuguese',
  nld: 'Dutch',
  dan: 'Danish',
  swe: 'Swedish',
  nor: 'Norwegian',
  fin: 'Finnish',
  pol: 'Polish',
  ces: 'Czech',
  rus: 'Russian',
  ukr: 'Ukrainian',
  tur: 'Turkish',
  ell: 'Greek',
  ara: 'Arabic',
  heb: 'Hebrew',
  hin: 'Hindi',
  jpn: 'Japanese',
  kor: 'Korean',
  chi_sim: 'Chinese (simplified)',
  chi_tra: 'Chinese (traditional)',
};

// made on first use: every process that builds an engine imports this file (the CLI's start)
let packageRequire: NodeJS.Require | undefined;
const resolver = (): NodeJS.Require => (packageRequire ??= nodeModule().createRequire(import.meta.url));

/** "@tesseract.js-data/deu" */
export function dataPackage(language: string): string {
  return `${DATA_SCOPE}/${language}`;
}

function checkCode(language: string): void {
  if (!OcrLanguageSchema.safeParse(language).success) {
    throw new PagewiseError('INVALID_INPUT', `"${language}" is not an OCR language code; use a tesseract code such as eng, deu or chi_sim.`);
  }
}

function tessdataFolder(): string | null {
  return process.env.PAGEWISE_OCR_TESSDATA || null;
}

/** The folder of the installed package that holds <language>.traineddata.gz; null when it is not installed. */
function packageDataFolder(language: string): string | null {
  let folder: string;
  try {
    folder = join(dirname(resolver().resolve(`${dataPackage(language)}/package.json`)), DATA_FOLDER);
  } catch {
    return null;
  }
  return existsSync(join(folder, `${language}.traineddata.gz`)) ? folder : null;
}

/** The folder holding <lang>.traineddata.gz; a clear error naming the package when it is missing. */
export function languageDataPath(language: string): string {
  checkCode(language);
  const folder = packageDataFolder(language);
  if (!folder) {
    const pkg = dataPackage(language);
    throw new PagewiseError(
      'FILE_NOT_FOUND',
      `The OCR data for "${language}" is missing from this install: the npm package ${pkg} is needed (npm install ${pkg}). Pages already read are kept.`,
    );
  }
  return folder;
}

/**
 * Where the model is read from: the npm package (default), or the PAGEWISE_OCR_TESSDATA folder, e.g. Debian's
 * /usr/share/tesseract-ocr/5/tessdata (the "tessdata_fast" model), which reads the figures in financial
 * tables better than the npm package's models (README, Scanned documents). `model` says which, for the
 * engine name stored with each page.
 */
export function languageData(language: string): { path: string; gzip: boolean; model: string } {
  checkCode(language);
  const folder = tessdataFolder();
  if (folder) {
    if (!existsSync(join(folder, `${language}.traineddata`))) {
      throw new PagewiseError(
        'FILE_NOT_FOUND',
        `PAGEWISE_OCR_TESSDATA is ${folder}, which holds no ${language}.traineddata. Point it at a tessdata folder (Debian: apt install tesseract-ocr-${language}, then /usr/share/tesseract-ocr/5/tessdata), or unset it to use ${dataPackage(language)}.`,
      );
    }
    return { path: folder, gzip: false, model: `language ${language} from ${folder}` };
  }
  return { path: languageDataPath(language), gzip: true, model: `language ${language}, ${dataPackage(language)} ${DATA_FOLDER}` };
}

/** The codes whose data is installed: packages in every node_modules folder Node would search, or the tessdata folder. */
function installedCodes(): string[] {
  const codes = new Set<string>();
  const folder = tessdataFolder();
  if (folder) {
    for (const name of safeList(folder)) {
      const code = /^(.+)\.traineddata$/.exec(name)?.[1];
      if (code && !NOT_LANGUAGES.has(code) && OcrLanguageSchema.safeParse(code).success) codes.add(code);
    }
    return [...codes].sort();
  }
  for (const modules of resolver().resolve.paths(dataPackage('eng')) ?? []) {
    for (const name of safeList(join(modules, DATA_SCOPE))) {
      if (!NOT_LANGUAGES.has(name) && OcrLanguageSchema.safeParse(name).success && packageDataFolder(name)) codes.add(name);
    }
  }
  return [...codes].sort();
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** What Settings offers: each installed language with its name and package, English first. */
export function availableOcrLanguages(): OcrLanguageInfo[] {
  return installedCodes()
    .map((code) => ({ code, name: LANGUAGE_NAMES[code] ?? code, package: dataPackage(code) }))
    .sort((a, b) => (a.code === 'eng' ? -1 : b.code === 'eng' ? 1 : a.name.localeCompare(b.name)));
}

/** Refuse a language this install cannot read, naming the package that would add it. */
export function requireOcrLanguage(language: string): void {
  checkCode(language);
  const available = availableOcrLanguages();
  if (available.some((l) => l.code === language)) return;
  const folder = tessdataFolder();
  const installed = available.length > 0 ? available.map((l) => l.code).join(', ') : 'none';
  throw new PagewiseError(
    'INVALID_INPUT',
    folder
      ? `OCR cannot read "${language}" here: PAGEWISE_OCR_TESSDATA is ${folder}, which holds no ${language}.traineddata (installed: ${installed}). Add it (Debian: apt install tesseract-ocr-${language}) or unset PAGEWISE_OCR_TESSDATA to use the npm package ${dataPackage(language)}.`
      : `OCR cannot read "${language}" here: its data is the npm package ${dataPackage(language)}, which is not installed (npm install ${dataPackage(language)}). Installed: ${installed}.`,
  );
}
