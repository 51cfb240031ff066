// Runs the browser tests: makes sure Debian's Chromium and CJK fonts are installed (without the fonts Chinese
// renders as boxes), builds the web app when stale, then runs the Playwright specs under Vitest.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function fontsInstalled() {
  return spawnSync('dpkg', ['-s', 'fonts-noto-cjk'], { stdio: 'ignore' }).status === 0;
}

if (!fs.existsSync(CHROMIUM) || !fontsInstalled()) {
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? '' : 'sudo ';
  console.log('安装浏览器与中文字体 / installing Debian chromium and fonts-noto-cjk…');
  try {
    execSync(
      `${prefix}apt-get update -qq && ${prefix}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk`,
      {
        stdio: 'inherit',
      },
    );
  } catch {
    console.error(
      `Could not install chromium and fonts-noto-cjk: install them (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}

execSync('node scripts/build-web-if-stale.mjs', { stdio: 'inherit' });
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
