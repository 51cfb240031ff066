import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  multipartFile,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof userSession>>;
let org: { id: string; name: string };
let dept: { id: string; name: string };

const HEADER = [
  '项目代码',
  '项目名称*',
  '项目单位*',
  '项目类别*',
  '所属行业*',
  '主导产业',
  '重点级别*',
  '所在区县*',
  '总投资（万元）*',
  '政府投资（万元）',
  '社会投资（万元）',
  '计划开工',
  '计划竣工',
  '当前阶段*',
  '牵头部门',
  '标签',
];

function row(i: number, overrides: Partial<Record<string, unknown>> = {}) {
  const base: Record<string, unknown> = {
    项目代码: `2201-500106-04-01-${String(100000 + i)}`,
    '项目名称*': `导入测试项目${i}`,
    '项目单位*': org.name,
    '项目类别*': '产业项目',
    '所属行业*': '39',
    主导产业: '新一代信息技术',
    '重点级别*': '区级重点',
    '所在区县*': '沙坪坝区',
    '总投资（万元）*': 1000 + i,
    '政府投资（万元）': 0,
    '社会投资（万元）': 1000 + i,
    计划开工: new Date(Date.UTC(2026, 0, 15)),
    计划竣工: '2027-06-30',
    '当前阶段*': '在建',
    牵头部门: dept.name,
    标签: '市重点、一季一拉练',
    ...overrides,
  };
  return HEADER.map((h) => base[h] ?? null);
}

async function workbook(rows: unknown[][], header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('项目台账');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(content: Buffer, mode: string, fileName = 'ledger.xlsx') {
  const { payload, headers } = multipartFile('file', fileName, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/projects/import?mode=${mode}`,
    headers: { ...headers, cookie: owner.cookie },
    payload,
  });
}

const countProjects = async () =>
  (await t.database.query<{ n: number }>('select count(*)::int as n from projects'))[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganization(t, { name: '导入测试企业' });
  dept = await createOrganization(t, { name: '科学城管委会经济发展局', type: 'department' });
  owner = await userSession(t, ['project_owner'], { organizationId: org.id });
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/projects/import', () => {
  it('validates a correct file without writing, then imports every row all-or-nothing with one audit record', async () => {
    const file = await workbook([row(1), row(2), row(3)]);
    const before = await countProjects();
    const check = await upload(file, 'validate');
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      totalRows: 3,
      validRows: 3,
      invalidRows: 0,
      imported: 0,
      errors: [],
    });
    expect(await countProjects()).toBe(before);
    const done = await upload(file, 'all-or-nothing');
    expect(done.json()).toMatchObject({ imported: 3 });
    expect(await countProjects()).toBe(before + 3);
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/projects?q=导入测试项目2',
        headers: { cookie: owner.cookie },
      })
    ).json();
    expect(list.items[0]).toMatchObject({
      leadingIndustry: 'NGIT',
      keyLevel: 'district',
      stage: 'under_construction',
      plannedStart: '2026-01-15',
      leadDepartmentName: dept.name,
      tags: ['市重点', '一季一拉练'],
    });
    const audit = await t.database.query<{ after: { count: number } }>(
      `select after from audit_log where action = 'project.import'`,
    );
    expect(audit.map((a) => a.after.count)).toEqual([3]);
  });

  it('reports every bad row with row number, column and reason, and writes nothing', async () => {
    const file = await workbook([
      row(11),
      row(12, { '项目类别*': '不存在的类别' }),
      row(13, { '总投资（万元）*': -5, '社会投资（万元）': null }),
      row(14, { 项目代码: '2201-500106-04-01-100011' }),
      row(15, { 计划竣工: '2020-01-01' }),
    ]);
    const before = await countProjects();
    const res = await upload(file, 'all-or-nothing');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ totalRows: 5, validRows: 1, invalidRows: 4, imported: 0 });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '项目类别', message: '无法识别“不存在的类别”' },
        expect.objectContaining({ row: 4, column: '总投资（万元）' }),
        { row: 5, column: '项目代码', message: '与第 2 行项目代码重复' },
        expect.objectContaining({ row: 6, column: '计划竣工' }),
      ]),
    );
    expect(await countProjects()).toBe(before);
  });

  it('reports all the problems of one row, not only the first', async () => {
    const file = await workbook([
      row(16, {
        '项目类别*': '不存在的类别',
        '项目名称*': '科',
        '总投资（万元）*': -1,
        '社会投资（万元）': null,
      }),
    ]);
    const res = await upload(file, 'validate');
    const columns = res
      .json()
      .errors.map((e: { column: string }) => e.column)
      .sort();
    expect(columns).toEqual(['总投资（万元）', '项目名称', '项目类别'].sort());
  });

  it('imports only the valid rows when asked to', async () => {
    const file = await workbook([row(21), row(22, { '所在区县*': '火星区' })]);
    const res = await upload(file, 'valid-only');
    expect(res.json()).toMatchObject({ totalRows: 2, validRows: 1, imported: 1 });
    expect(res.json().errors).toEqual([{ row: 3, column: '所在区县', message: '无法识别“火星区”' }]);
  });

  it('refuses rows whose code an existing project already uses', async () => {
    await createProjectViaApi(
      t,
      owner.cookie,
      projectInput(org.id, { name: '已有项目', code: '2201-500106-04-01-100031' }),
    );
    const res = await upload(await workbook([row(31)]), 'validate');
    expect(res.json().errors).toEqual([{ row: 2, column: '项目代码', message: '项目代码已被现有项目使用' }]);
  });

  it('refuses rows of another organisation for a project owner', async () => {
    const other = await createOrganization(t, { name: '别家企业' });
    const res = await upload(await workbook([row(41, { '项目单位*': other.name })]), 'validate');
    expect(res.json().errors[0]).toMatchObject({
      row: 2,
      column: '项目单位',
      message: '只能登记本单位的项目',
    });
  });

  it('returns 400 naming the missing columns for a file with wrong headers', async () => {
    const res = await upload(await workbook([['a', 'b']], ['名称', '金额']), 'validate');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('缺少必填列');
    expect(res.json().message).toContain('项目名称');
  });

  it('returns 400 for a workbook with a header and no rows', async () => {
    const res = await upload(await workbook([]), 'validate');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('文件中没有数据行');
  });

  it('returns 400 for an empty workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空');
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'validate');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('空');
  });

  it('returns 400 for a non-Excel file renamed .xlsx', async () => {
    const res = await upload(Buffer.from('项目名称,总投资\n科学大道,100\n'), 'validate', 'fake.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('不是有效的 Excel');
  });

  it('returns 400 for a zip that is not a workbook', async () => {
    const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]);
    const res = await upload(zipHeader, 'validate', 'broken.xlsx');
    expect(res.statusCode).toBe(400);
  });

  it('returns 403 for a role without project.import', async () => {
    const leader = await userSession(t, ['leader']);
    const { payload, headers } = multipartFile('file', 'x.xlsx', await workbook([row(51)]));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/projects/import',
      headers: { ...headers, cookie: leader.cookie },
      payload,
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts the downloadable template filled in, skipping its hint row', async () => {
    const tpl = await t.app.inject({
      method: 'GET',
      url: '/api/projects/import-template.xlsx',
      headers: { cookie: owner.cookie },
    });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const values: Record<string, unknown> = {
      '项目名称*': '模板导入项目',
      '项目单位*': org.name,
      '项目类别*': '基础设施',
      '所属行业*': '48',
      '重点级别*': '一般',
      '所在区县*': '500107',
      '总投资（万元）*': 5000,
      '当前阶段*': '谋划储备',
    };
    sheet.addRow(headers.map((h) => values[h] ?? null));
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'all-or-nothing');
    expect(res.json()).toMatchObject({ totalRows: 1, imported: 1, errors: [] });
  });
});

describe('GET /api/projects/export.xlsx', () => {
  it('exports the filtered list with Chinese headers, number formats and a frozen header row', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/projects/export.xlsx?q=导入测试项目',
      headers: { cookie: owner.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('项目名称');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const names = [] as string[];
    sheet.eachRow((r, i) => {
      if (i > 1) names.push(String(r.getCell(2).value));
    });
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(names.every((n) => n.startsWith('导入测试项目'))).toBe(true);
    expect(sheet.getColumn(12).numFmt).toBe('#,##0.00');
    expect(sheet.getRow(2).getCell(4).value).toBe('产业项目');
  });

  it('records each export in the audit log with its filters and row count', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/api/projects/export.xlsx?stage=under_construction',
      headers: { cookie: owner.cookie },
    });
    const [row] = await t.database.query<{ after: { filters: { stage: string[] }; count: number } }>(
      `select after from audit_log where action = 'project.export' and actor_id = $1 order by id desc limit 1`,
      [owner.user.id],
    );
    expect(row?.after.filters.stage).toEqual(['under_construction']);
    expect(row?.after.count).toBeGreaterThan(0);
  });

  it('returns 403 without project.export', async () => {
    const admin = await userSession(t, ['admin']);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/projects/export.xlsx',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(403);
  });
});
