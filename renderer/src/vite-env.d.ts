/// <reference types="vite/client" />

// pdf.js ships its types for the package entry (build/pdf.mjs) only.
declare module 'pdfjs-dist/build/pdf.mjs' {
  export * from 'pdfjs-dist';
}
