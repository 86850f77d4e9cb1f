import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' so the built app works from any sub-path as plain static files.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1' },
});
