/** Files the browser downloads: made from text or from the engine's base64 bytes. */

/** A text file (a template's JSON), downloaded by the browser (Electron asks where to save it). */
export function downloadText(fileName: string, text: string, mimeType = 'application/json'): void {
  downloadBytes(fileName, new TextEncoder().encode(text), mimeType);
}

/** A file the engine sent as base64 (an export, a spreadsheet), downloaded by the browser. */
export function downloadBase64(fileName: string, dataBase64: string, mimeType: string): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  downloadBytes(fileName, bytes, mimeType);
}

function downloadBytes(fileName: string, bytes: Uint8Array, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
