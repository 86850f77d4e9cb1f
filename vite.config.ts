import { type Plugin, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The built app may load only its own files: no inline script, no eval (WebAssembly compiling
// is allowed for the zstd decoder and lzdec, src/core/codecs/wasm). Workers come from the app's
// own files only (the one worker is a built chunk; nothing creates one from a blob: URL); blob:
// images remain for the PNG export, and downloads are navigations, which CSP does not govern.
// Only in the build: the dev server injects inline scripts of its own.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
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
  plugins: [
    react(),
    contentSecurityPolicy(),
    // Offline after the first visit: every app file and the built-in samples are precached.
    // The registration is an external script (registerSW.js), so the CSP needs no inline script.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'zboot-explorer',
        short_name: 'zboot-explorer',
        description: 'Inspect Linux EFI zboot kernel images and see where arm64 kexec_file_load places them, in the browser.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0757b8',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,efi,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1' },
});
