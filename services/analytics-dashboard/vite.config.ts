import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Static build: `dist/index.html` plus hashed assets. ECharts is imported only from
 * `src/charts/echarts-engine.ts`, which panels load lazily, so it lands in its own chunk and stays
 * out of the initial JS (checked by `scripts/measure-bundle.ts` after every build).
 */
export default defineConfig({
  plugins: [react()],
  base: './',
  server: { host: '127.0.0.1', port: 3000, strictPort: true },
  preview: { host: '127.0.0.1', port: 3000, strictPort: true },
  // The lazily loaded ECharts chunk is ~600 KB raw (~200 KB gzipped); it is not in the initial JS.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 700 },
});
