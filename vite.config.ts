import { type Plugin, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app may load only its own files: no inline script, no eval (WebAssembly compiling
// is allowed for the zstd/xz decoders), workers and downloads from blob: URLs. Only in the
// build: the dev server injects inline scripts of its own.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'zboot-explorer-csp',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

// base './' so the built app works from any sub-path as plain static files.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1' },
});
