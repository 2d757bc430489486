/**
 * pdf.js decides once, when its module is evaluated, whether it runs in Node:
 * inside Electron it only says yes when process.type is unset or 'browser'.
 * Our engine runs in an Electron utilityProcess (process.type 'utility') and
 * its worker threads, where it is plain Node all the same; without this,
 * pdf.js would take its browser paths (fetch, DOM canvas) and fail.
 * Returns a function that puts process.type back after the import.
 */
export function presentAsNodeForPdfJs(): () => void {
  const electronProcess = process as NodeJS.Process & { type?: string };
  if (!process.versions.electron || !electronProcess.type || electronProcess.type === 'browser') return () => {};
  const descriptor = Object.getOwnPropertyDescriptor(process, 'type');
  try {
    Object.defineProperty(process, 'type', { value: undefined, configurable: true, writable: true });
  } catch {
    return () => {};
  }
  return () => {
    if (descriptor) Object.defineProperty(process, 'type', descriptor);
  };
}
