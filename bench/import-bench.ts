/**
 * Measures the Excel import target (issue #2: a 5,000-row file imports in under 10 s): builds a 5,000-row
 * ledger, uploads it over HTTP (app.inject) to validate, then to import all-or-nothing, and prints the times.
 * Runs on the embedded database in a temporary data directory, or on DATABASE_URL when set.
 *   npm run bench:import            ROWS=10000 npm run bench:import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPglite } from '../server/db/client.ts';
import { prepareDatabase } from '../server/db/prepare.ts';
import {
  createOrganization,
  createTestApp,
  createUser,
  login,
  multipartFile,
} from '../server/test/test-app.ts';

const rows = Number(process.env.ROWS ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-bench-'));
// On PostgreSQL the bench works in a throw-away database, as the tests do.
const t = process.env.DATABASE_URL ? await createTestApp() : await embeddedApp();
const { app, database } = t;

async function embeddedApp() {
  const database = await openPglite(dir);
  await prepareDatabase(database);
  const config = {
    ...loadConfig({}),
    logLevel: 'silent',
    webDistDir: undefined,
    demoMode: false,
    passwordIterations: 1000,
  };
  return { app: await buildApp(config, database), database, config, close: async () => {} };
}

const org = await createOrganization(t, { name: `基准测试企业${Date.now()}` });
const user = await createUser(t, ['investment']);
const cookie = await login(t, user.username);

const wb = new ExcelJS.Workbook();
const sheet = wb.addWorksheet('项目台账');
sheet.addRow([
  '项目代码',
  '项目名称',
  '项目单位',
  '项目类别',
  '所属行业',
  '主导产业',
  '重点级别',
  '所在区县',
  '总投资（万元）',
  '计划开工',
  '计划竣工',
  '当前阶段',
  '标签',
]);
// A run-specific department segment keeps codes unique when the bench reuses a PostgreSQL database.
const runSegment = String(Date.now() % 100).padStart(2, '0');
for (let i = 0; i < rows; i++) {
  sheet.addRow([
    `260${(i % 9) + 1}-500106-${runSegment}-01-${String(i).padStart(6, '0')}`,
    `科学城基准项目${i}号厂房`,
    org.name,
    '产业项目',
    '39',
    '新一代信息技术',
    '一般',
    '沙坪坝区',
    1000 + i,
    '2026-03-01',
    '2027-12-31',
    '在建',
    '基准',
  ]);
}
const file = Buffer.from(await wb.xlsx.writeBuffer());
console.log(`file: ${rows} rows, ${(file.length / 1024).toFixed(0)} KiB, database ${database.kind}`);

for (const mode of ['validate', 'all-or-nothing'] as const) {
  const { payload, headers } = multipartFile('file', 'bench.xlsx', file);
  const start = performance.now();
  const res = await app.inject({
    method: 'POST',
    url: `/api/projects/import?mode=${mode}`,
    headers: { ...headers, cookie },
    payload,
  });
  const ms = performance.now() - start;
  const body = res.json();
  console.log(
    `${mode.padEnd(15)} ${(ms / 1000).toFixed(2)} s  status ${res.statusCode}  valid ${body.validRows}/${body.totalRows}  imported ${body.imported}  errors ${body.errors?.length}`,
  );
}
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
await t.close();
await app.close();
await database.close().catch(() => {});
fs.rmSync(dir, { recursive: true, force: true });
