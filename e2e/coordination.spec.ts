import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The status tag in the page header of a coordination item. */
function headerStatus(page: Page): Locator {
  return page.locator('h3').locator('..').locator('[data-status]');
}

/** Answers a Popconfirm opened by a button: its own OK button carries the same name. */
async function confirmPopover(page: Page, name: string) {
  await page.locator('.ant-popconfirm').getByRole('button', { name }).click();
}

describe('a coordination item goes round its loop', () => {
  it('the chief raises it to 建设局, dept accepts and resolves it, the chief confirms', async () => {
    const chief = await newPage(browser);
    const dept = await newPage(browser);
    const title = `施工便道占用林地协调 ${Date.now().toString(36)}`;
    try {
      await loginAs(chief, 'chief');
      const mine = await chief.request.get(`${baseUrl()}/api/projects?stage=under_construction&pageSize=1`);
      const [project] = ((await mine.json()) as { items: { id: string; name: string }[] }).items;
      if (!project) throw new Error('the chief has no project under construction in the demo data');

      // 1. The chief raises the item on the project page.
      await chief.goto(`${baseUrl()}/projects/${project.id}?tab=coordination`);
      await chief.getByRole('button', { name: '提出协调事项' }).click();
      const form = chief.getByRole('dialog', { name: '提出协调事项' });
      await form.getByLabel('标题').fill(title);
      await form.getByLabel('问题描述').fill('施工便道需临时占用林地约 2 亩，请协调林业审批。');
      await form.getByLabel('问题类别').click();
      await chief.locator('.ant-select-dropdown:visible').getByText('施工环境', { exact: true }).click();
      await form.getByLabel('责任部门').click();
      await chief.keyboard.type('建设局');
      await chief.locator('.ant-select-dropdown:visible').getByText('科学城管委会建设局').click();
      await chief.keyboard.press('Escape');
      await form.getByLabel('办理时限（工作日）').fill('5');
      await expect.poll(() => form.getByText(/办理期限：\d{4}-\d{2}-\d{2}/).count()).toBe(1);
      await form.getByRole('button', { name: '提出协调事项' }).click();
      await chief.waitForURL(/\/coordination\/[0-9a-f-]{36}$/);
      const itemUrl = chief.url();
      await expect.poll(() => headerStatus(chief).textContent()).toBe('待受理');

      // 2. The department finds it among its items, accepts it and answers it.
      await loginAs(dept, 'dept');
      await dept.goto(`${baseUrl()}/coordination`);
      await dept.getByRole('link', { name: title }).click();
      await dept.waitForURL(itemUrl);
      await expect.poll(() => headerStatus(dept).textContent()).toBe('待受理');
      await dept.getByRole('button', { name: '受理' }).click();
      await confirmPopover(dept, '受理');
      await expect.poll(() => headerStatus(dept).textContent()).toBe('办理中');
      await dept.getByRole('button', { name: '办结' }).click();
      const answer = dept.getByRole('dialog', { name: `办结“${title}”` });
      await answer
        .getByLabel('办理答复')
        .fill('已会同林业部门办理临时用地审批，批复文号科林审〔2026〕18号。');
      await answer.getByRole('button', { name: '办结' }).click();
      await expect.poll(() => headerStatus(dept).textContent()).toBe('已办结');
      await snapshot(dept, 'dept-coordination-resolved');

      // 3. The raiser sees the answer and closes the loop.
      // The chief has open items of his own (the demo's inspections raise some); resolved ones list after them.
      await chief.goto(`${baseUrl()}/coordination?status=resolved,confirmed`);
      const row = chief
        .locator('.ant-table-tbody tr')
        .filter({ has: chief.getByRole('link', { name: title }) });
      await expect.poll(() => row.locator('[data-status]').textContent()).toBe('已办结');
      await row.getByRole('button', { name: '确认办结' }).click();
      await confirmPopover(chief, '确认办结');
      await expect.poll(() => row.locator('[data-status]').textContent()).toBe('已确认');
      await chief.goto(itemUrl);
      await expect.poll(() => headerStatus(chief).textContent()).toBe('已确认');
      await expect.poll(() => chief.getByText(/科林审〔2026〕18号/).count()).toBeGreaterThan(0);
      await snapshot(chief, 'chief-coordination-confirmed');
    } catch (err) {
      await snapshot(chief, 'chief-coordination-failure');
      await snapshot(dept, 'dept-coordination-failure');
      throw err;
    } finally {
      await chief.context().close();
      await dept.context().close();
    }
  });
});
