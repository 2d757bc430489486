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

/**
 * pdf.js's polyfills read `Response.prototype.bytes` when its module is evaluated. In Node,
 * `Response` is a lazy global whose first read loads the whole fetch implementation (undici:
 * ~40 ms of compiling, in every thread that loads pdf.js), which text extraction never uses. While
 * pdf.js loads, `Response` is a stand-in that already has `bytes`, so the polyfill leaves it alone;
 * the real lazy global is put back right after. Returns the function that puts it back.
 */
export function withoutLazyFetchGlobals(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (!descriptor?.get || !descriptor.configurable) return () => {};
  class ResponseStandIn {
    bytes(): Promise<Uint8Array> {
      return Promise.resolve(new Uint8Array(0));
    }
  }
  Object.defineProperty(globalThis, 'Response', { value: ResponseStandIn, configurable: true, writable: true, enumerable: descriptor.enumerable ?? false });
  return () => {
    Object.defineProperty(globalThis, 'Response', descriptor);
  };
}
