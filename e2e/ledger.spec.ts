import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens an antd Select or TreeSelect by its form label, types to filter (searchable ones), picks the option. */
async function choose(page: Page, label: string, option: string | RegExp, search?: string) {
  await page.locator('form').getByLabel(label, { exact: true }).click();
  if (search) await page.keyboard.type(search);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown
    .getByText(option, { exact: typeof option === 'string' })
    .first()
    .click();
}

const PROJECT = '科学谷智能网联汽车测试基地';

describe('a project owner manages the ledger, an auditor sees it', () => {
  it('creates, finds by pinyin initials, edits and exports a project; the auditor sees every action', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'owner');
      await page.getByRole('menuitem', { name: /项目台账/ }).click();
      await page.getByRole('button', { name: '新建项目' }).click();
      await page.waitForURL(/\/projects\/new/);

      await page.locator('form').getByLabel('项目名称', { exact: true }).fill(PROJECT);
      await choose(page, '项目类别', '产业项目');
      await choose(page, '所属行业', /^36 /, '36');
      await choose(page, '重点级别', '区级重点');
      await choose(page, '当前阶段', '签约');
      await choose(page, '所在区县', '沙坪坝区', '沙坪坝');
      await page.locator('form').getByLabel('总投资（万元）', { exact: true }).fill('150000');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByText(PROJECT).first().isVisible()).toBe(true);

      await page.goto(`${baseUrl()}/projects`);
      const search = page.getByPlaceholder('搜索项目名称、拼音首字母或代码');
      await search.fill('kxgznwl');
      await search.press('Enter');
      await expect.poll(() => page.getByRole('link', { name: PROJECT }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('kxgznwl');

      await page.getByRole('link', { name: PROJECT }).click();
      await page.getByRole('button', { name: '编辑' }).click();
      await page.waitForURL(/\/edit$/);
      await page
        .locator('form')
        .getByLabel('建设内容及规模', { exact: true })
        .fill('建设封闭测试场 30 万平方米及配套研发楼。');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await expect
        .poll(() => page.getByText('建设封闭测试场 30 万平方米及配套研发楼。').isVisible())
        .toBe(true);

      await page.goto(`${baseUrl()}/projects?q=kxgznwl`);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出Excel' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^项目台账-.*\.xlsx$/);
      const saved = await file.path();
      expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
      await snapshot(page, 'owner-ledger');
    } catch (err) {
      await snapshot(page, 'owner-ledger-failure');
      throw err;
    } finally {
      await page.context().close();
    }

    const audit = await newPage(browser);
    try {
      await loginAs(audit, 'auditor');
      await audit.goto(`${baseUrl()}/admin/audit`);
      const table = audit.locator('.ant-table');
      for (const action of ['project.export', 'project.update', 'project.create', 'auth.login']) {
        await expect
          .poll(() => table.getByText(action, { exact: true }).count(), { timeout: 10_000 })
          .toBeGreaterThan(0);
      }
      await expect.poll(() => table.getByText(/何俊/).count()).toBeGreaterThan(0);
      await audit.getByRole('button', { name: '校验哈希链' }).click();
      await expect.poll(() => audit.getByText(/完整|intact/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await snapshot(audit, 'auditor-log');
    } catch (err) {
      await snapshot(audit, 'auditor-log-failure');
      throw err;
    } finally {
      await audit.context().close();
    }
  });
});
