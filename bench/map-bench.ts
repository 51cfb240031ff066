/**
 * Measures 项目一张图 at scale (issue #5): loads PROJECTS projects (default 100,000; 5 % without coordinates,
 * 2,000 owners) with up-to-date warning lights, then times GET /api/projects/map over HTTP (app.inject) for a
 * leader (lights, after the staleness check) and an administrator (no lights), prints the response size raw
 * and gzipped, and times supercluster indexing the points as the browser does.
 * Runs on the embedded database in a temporary directory, or on DATABASE_URL when set.
 *   npx tsx bench/map-bench.ts            PROJECTS=10000 npx tsx bench/map-bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Supercluster from 'supercluster';
import type { ProjectMap } from '#domain/schemas/map.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPglite } from '../server/db/client.ts';
import { prepareDatabase } from '../server/db/prepare.ts';
import { createTestApp, createUser, login } from '../server/test/test-app.ts';

const count = Number(process.env.PROJECTS ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-map-bench-'));
const t = process.env.DATABASE_URL ? await createTestApp() : await embeddedApp();
const { app, database } = t;

async function embeddedApp() {
  const database = await openPglite(dir);
  await prepareDatabase(database);
  const config = { ...loadConfig({}), logLevel: 'silent', webDistDir: undefined, demoMode: false };
  return {
    app: await buildApp({ ...config, passwordIterations: 1000 }, database),
    database,
    close: async () => {
      await database.close();
    },
  };
}

const started = Date.now();
await database.query(`
  insert into organizations (name, type)
  select '基准企业' || g, 'enterprise' from generate_series(1, 2000) g`);
// Coordinates scattered over the science city's districts; one project in twenty has none.
await database.query(
  `insert into projects (name, owner_org_id, category, industry_code, key_level, division_code, longitude, latitude,
     total_investment, stage)
   select '科学城基准项目' || g || '号',
     (select id from organizations where name = '基准企业' || (1 + g % 2000)),
     (array['industrial','infrastructure','social'])[1 + g % 3], '48', 'general',
     (array['500106','500107','500109','500120'])[1 + g % 4],
     case when g % 20 = 0 then null else 106.0 + random() * 0.6 end,
     case when g % 20 = 0 then null else 29.3 + random() * 0.6 end,
     round((1000 + random() * 500000)::numeric, 2),
     (array['signed','site_selection','construction_permit','under_construction','in_operation'])[1 + g % 5]
   from generate_series(1, $1::int) g`,
  [count],
);
await database.query(`
  insert into project_warnings (project_id, color, reasons, preset_code)
  select id, (array['green','green','green','yellow','red'])[1 + (abs(hashtext(id::text)) % 5)], '[]'::jsonb, 'yinchuan'
  from projects`);
await database.query('analyze');
console.log(`loaded ${count} projects in ${Date.now() - started} ms`);

const leader = await createUser(t as never, ['leader']);
const admin = await createUser(t as never, ['admin']);
const cookies = {
  'leader (lights)': await login(t as never, leader.username),
  'admin (no lights)': await login(t as never, admin.username),
};

for (const [who, cookie] of Object.entries(cookies)) {
  for (const query of ['', '?stage=under_construction', '?q=科学城基准项目1']) {
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/projects/map${query}`, headers: { cookie } });
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
      body = res.body;
    }
    const map = JSON.parse(body) as ProjectMap;
    const gzip = zlib.gzipSync(body).length;
    console.log(
      `${who.padEnd(18)} ${(query || '(no filter)').padEnd(26)} points ${String(map.points.length).padStart(6)}` +
        `  ${(body.length / 1e6).toFixed(1)} MB raw, ${(gzip / 1e6).toFixed(1)} MB gzip` +
        `  ${times.map((x) => `${Math.round(x)} ms`).join(' / ')}`,
    );
  }
}

const res = await app.inject({
  method: 'GET',
  url: '/api/projects/map',
  headers: { cookie: cookies['admin (no lights)'] },
});
const points = (res.json() as ProjectMap).points;
const t0 = performance.now();
const index = new Supercluster({ radius: 56, maxZoom: 16 });
index.load(
  points.map((p) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [p[2], p[3]] },
    properties: {},
  })),
);
const clusters = index.getClusters([105.9, 29.2, 106.7, 30.0], 10);
console.log(
  `supercluster: indexed ${points.length} points in ${Math.round(performance.now() - t0)} ms; ${clusters.length} clusters at zoom 10`,
);

await app.close();
await t.close();
fs.rmSync(dir, { recursive: true, force: true });
