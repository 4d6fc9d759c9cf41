import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The operations console: a single-page app the API serves at /console (src/console-serve).
 * No React plugin: esbuild compiles the JSX, which is all a production build needs; `npm run
 * console:dev` reloads the page on changes instead of hot-swapping components.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CONSOLE_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root,
  base: '/console/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Charts are the one large dependency; they load with the sales screen only.
    chunkSizeWarningLimit: 700,
    reportCompressedSize: false,
  },
  server: {
    // `npm run console:dev` beside `npm start`: /graphql (HTTP and graphql-ws) goes to the API.
    proxy: { '/graphql': { target: api, ws: true } },
  },
});
