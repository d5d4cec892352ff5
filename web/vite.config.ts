// The web client's build (`npm run build:web`, run by `npm start` when web/dist is stale) and dev server
// (`npm run dev`: hot reload on 127.0.0.1:5173, /api proxied to the Casus server on 127.0.0.1:3000).
// The output runs under the server's strict CSP: one module script and stylesheets from our origin.
// Mantine would put its theme's CSS variables in a <style> element at run time, which the CSP refuses;
// they are written into the stylesheet here instead (virtual:mantine-theme.css, from src/app/theme.ts).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { convertCssVariables, defaultCssVariablesResolver, mergeMantineTheme, DEFAULT_THEME } from '@mantine/core';
import { contrastVariables, theme } from './src/app/theme.ts';

const THEME_MODULE = 'virtual:mantine-theme.css';

function mantineThemeStylesheet(): Plugin {
  const resolved = `\0${THEME_MODULE}`;
  return {
    name: 'casus-mantine-theme-stylesheet',
    resolveId: (id) => (id === THEME_MODULE ? resolved : undefined),
    load: (id) => {
      if (id !== resolved) return undefined;
      const merged = mergeMantineTheme(DEFAULT_THEME, theme);
      return [defaultCssVariablesResolver(merged), contrastVariables(merged)].map((v) => convertCssVariables(v, ':root')).join('\n');
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), mantineThemeStylesheet()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline assets: images and fonts stay files.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    // The budget is 300 kB gzip for the first screen (docs/performance.md); Vite's warning counts minified bytes.
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
});
