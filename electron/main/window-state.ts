/** Window bounds remembered in userData/window-state.json. */
import { readFileSync, writeFileSync } from 'node:fs';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1280, height: 800, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
    const width = num(raw.width);
    const height = num(raw.height);
    const x = num(raw.x);
    const y = num(raw.y);
    return {
      width: width && width >= 640 ? width : DEFAULT_STATE.width,
      height: height && height >= 480 ? height : DEFAULT_STATE.height,
      maximized: raw.maximized === true,
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
    };
  } catch {
    return { ...DEFAULT_STATE };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // not worth failing over
  }
}
