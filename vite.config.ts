import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Long-lived vendor chunks that change far less often than the app's own code: React and the router, zod (the
 * shared schemas' runtime), and antd with everything else it pulls in (icons, rc-* components, dayjs).
 */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined;
  // The map's libraries (and Leaflet's CSS) load with the pages that draw a map, not with every page.
  if (/\/node_modules\/(leaflet|supercluster|kdbush)\//.test(id)) return undefined;
  // ECharts (and its renderer zrender) likewise load with the cockpit and the analysis only.
  if (/\/node_modules\/(echarts|zrender)\//.test(id)) return undefined;
  if (
    /\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)\//.test(
      id,
    )
  ) {
    return 'react';
  }
  if (id.includes('/node_modules/zod/')) return 'zod';
  return 'antd';
}

/**
 * The API lives under /api, and so does the web app's own source folder `web/api/`: in dev the proxy must
 * leave the app's modules (`/api/client.ts`, possibly with `?t=…`) to Vite and forward everything else.
 */
const apiProxy = {
  '^/api/(?!.*\\.tsx?(?:[?#]|$))': { target: 'http://127.0.0.1:3000' },
};

export default defineConfig({
  root: 'web',
  plugins: [react()],
  resolve: {
    // package.json "imports" maps #domain/* for Node; spell it out for the browser build too.
    alias: [{ find: /^#domain\/(.*)$/, replacement: `${repoRoot}domain/$1` }],
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
      onwarn(warning, warn) {
        // zod's sources carry comments that Rollup reads as misplaced annotations: harmless, and noisy.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: apiProxy,
  },
  preview: {
    proxy: apiProxy,
  },
});
