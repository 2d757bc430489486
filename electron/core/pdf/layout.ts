/**
 * Page text in reading order: the layout lives in shared/text so that the viewer
 * lays out the same pdf.js text items the same way (to find a verified quote).
 */
export { layoutText, type TextRun } from '../../../shared/text/layout';
export { layoutTextAndRows, positionalRows } from '../../../shared/text/layout';
