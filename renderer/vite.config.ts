// Vite builds the renderer into dist/renderer with relative URLs, so the same
// files load from the browser-mode server (http://127.0.0.1) and from Electron.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // this file runs in Node (vite), not in the renderer: its folder is the root
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The strict CSP forbids inline scripts: keep everything in external files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
