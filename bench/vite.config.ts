import { defineConfig } from 'vite';

// Builds the bench page and worker into bench/dist (not part of the app).
export default defineConfig({
  root: 'bench',
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
