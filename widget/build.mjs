// `npm run build`: bundles the widget (widget/src) into dist/widget/widget.js, the file GET /widget.js serves.
import { build } from 'esbuild';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['widget/src/main.ts'],
  outfile: 'dist/widget/widget.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});
