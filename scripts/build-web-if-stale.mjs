// Builds the web app when dist/web is missing or older than any source it is built from, so that
// `npm start` serves the current interface without rebuilding on every start.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'dist/web/index.html');
const sources = ['web', 'domain', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p));

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((name) => newest(path.join(p, name))));
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
if (built === 0 || Math.max(...sources.map(newest)) > built) {
  console.log('构建前端 / building the web app…');
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
}
