import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/security-policy';

/**
 * The built app carries its Content-Security-Policy in a meta tag, so it holds in a
 * plain browser too (`npm run web`, browser participants). The dev server is left
 * without it: React's fast refresh injects an inline script.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'canopy-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/;?\s*frame-ancestors[^;]*/, '')}" />`,
      ),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false, host: '127.0.0.1' },
});
