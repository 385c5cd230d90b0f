import fs from 'node:fs';
import path from 'node:path';

/** The package root: the nearest folder above this file with a package.json (src/ in tests, dist/src/ when built). */
function packageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` writes the widget bundle (widget/build.mjs). */
export const WIDGET_BUNDLE_PATH = path.join(packageRoot(__dirname), 'dist', 'widget', 'widget.js');
