/**
 * Measures startup to first response (issue #2: under 10 s with a warm install): spawns `tsx server/main.ts` on
 * an empty data directory (first start: create, migrate, load reference data, seed demo data), then again on
 * the same directory (a normal restart), and reports the time until GET /api/health answers 200.
 *   npx tsx bench/startup-bench.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-startup-'));
const port = 3900 + Math.floor(Math.random() * 90);

async function measure(label: string) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      DEMO_MODE: 'true',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (performance.now() - started > 60_000) throw new Error('no response within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - started;
  console.log(`${label.padEnd(34)} ${(ms / 1000).toFixed(2)} s to first response`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

await measure('first start (create + seed)');
await measure('restart (existing data)');
fs.rmSync(dir, { recursive: true, force: true });
