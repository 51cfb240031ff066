import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { RoleCode } from '#domain/permissions.ts';
import { buildApp } from '../app.ts';
import { type AppConfig, loadConfig } from '../config.ts';
import { softwareCrypto } from '../core/crypto.ts';
import { type Database, openPglite, openPostgres } from '../db/client.ts';
import { prepareDatabase } from '../db/prepare.ts';
import { organizations, userRoles, users } from '../db/schema.ts';

export const TEST_PASSWORD = 'Test-pass-2026';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  config: AppConfig;
  close(): Promise<void>;
};

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or — when DATABASE_URL is set,
 * as in CI's second pass — a new database on that PostgreSQL server, created with a UTF-8 ctype and dropped after.
 */
export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  options: { clock?: () => Date } = {},
): Promise<TestApp> {
  const url = process.env.DATABASE_URL;
  let database: Database;
  let dropDatabase = async () => {};
  if (url) {
    const name = `gj_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`,
    );
    await admin.end();
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    database = await openPostgres(testUrl.toString());
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    database = await openPglite(undefined);
  }
  await prepareDatabase(database);
  // Uploaded files go to a folder of this test file's own, never into the working copy's ./data.
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-test-'));
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir,
    databaseUrl: url,
    demoMode: false,
    logLevel: 'silent',
    webDistDir: undefined,
    passwordIterations: 1_000,
    ...overrides,
  };
  const app = await buildApp(config, database, options);
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      await dropDatabase();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${crypto.randomBytes(2).toString('hex')}`;

export async function createOrganization(
  t: TestApp,
  values: Partial<typeof organizations.$inferInsert> = {},
) {
  const [row] = await t.database.db
    .insert(organizations)
    .values({ name: unique('测试单位'), type: 'enterprise', ...values })
    .returning();
  return row!;
}

/** A user with the given roles, password TEST_PASSWORD, already past the first-login password change. */
export async function createUser(
  t: TestApp,
  roles: RoleCode[],
  values: Partial<typeof users.$inferInsert> = {},
) {
  const passwordHash = await softwareCrypto.hashPassword(TEST_PASSWORD, 1_000);
  const [row] = await t.database.db
    .insert(users)
    .values({ username: unique('user'), displayName: unique('测试用户'), passwordHash, ...values })
    .returning();
  if (roles.length)
    await t.database.db.insert(userRoles).values(roles.map((roleCode) => ({ userId: row!.id, roleCode })));
  return row!;
}

/** Logs in over HTTP and returns the session cookie header for later requests. */
export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
}

export function cookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'gj_session');
  if (!cookie) throw new Error('no session cookie');
  return `gj_session=${cookie.value}`;
}

/** A user with roles and an open session in one call. */
export async function userSession(
  t: TestApp,
  roles: RoleCode[],
  values: Partial<typeof users.$inferInsert> = {},
) {
  const user = await createUser(t, roles, values);
  return { user, cookie: await login(t, user.username) };
}

/** A valid project input for POST /api/projects; override what the test is about. */
export function projectInput(ownerOrgId: string, values: Record<string, unknown> = {}) {
  return {
    name: '科学大道二期',
    ownerOrgId,
    category: 'infrastructure',
    industryCode: '48',
    leadingIndustry: null,
    keyLevel: 'municipal',
    divisionCode: '500106',
    totalInvestment: 100000,
    investmentGovernment: 60000,
    investmentSocial: 40000,
    investmentForeign: 0,
    plannedStart: '2026-03-01',
    plannedCompletion: '2028-12-31',
    stage: 'construction_permit',
    tags: ['市重点'],
    ...values,
  };
}

/** Creates a project over HTTP as the given session and returns the response body. */
export async function createProjectViaApi(t: TestApp, cookie: string, input: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/projects',
    headers: { cookie },
    payload: input,
  });
  if (res.statusCode !== 201) throw new Error(`create project failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; name: string; code: string | null };
}

/** A multipart/form-data body with one file field, for app.inject. */
export function multipartFile(
  fieldName: string,
  fileName: string,
  content: Buffer,
  contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
) {
  const boundary = `----guanjia${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${encodeURIComponent(fileName)}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
