import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { transform } from 'esbuild';

/**
 * Two outputs: `dist/widget.js` (the loader a host page includes; vanilla, no framework) and
 * `dist/assets/panel-<hash>.js` (React and the chat panel, imported on the first open). CSS is
 * inlined into the chunks (`?inline`) and injected into the shadow root, so there is no
 * stylesheet a host page could override. Library mode, because an app build wraps the dynamic
 * import in a preload helper that uses `import.meta`, which a classic `<script src>` cannot
 * contain; the loader shares no module with the panel, or it would `export` (both checked by
 * `scripts/measure-bundle.ts`, with both size budgets).
 */
/**
 * Library mode keeps whitespace in ES output (so a consumer's bundler still sees pure
 * annotations); these chunks are what browsers load, so minify them fully.
 */
const minifyChunks = {
  name: 'minify-chunks',
  // generateBundle: after Vite's own (whitespace-keeping) esbuild pass over each chunk.
  async generateBundle(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && chunk.code !== undefined) chunk.code = (await transform(chunk.code, { minify: true, format: 'esm', target: 'es2020' })).code;
    }
  },
};

export default defineConfig({
  plugins: [react(), minifyChunks],
  base: './',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    minify: 'esbuild',
    // Library mode: Vite inserts no preload helper there (it would need import.meta).
    lib: { entry: 'src/loader.ts', formats: ['es'], fileName: () => 'widget.js' },
    rollupOptions: { output: { chunkFileNames: 'assets/panel-[hash].js' } },
  },
});
