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

const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${baseUrl()}${path}`);
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Picks an option in the antd Select labelled `label` inside `scope` by typing part of its text. */
async function choose(
  page: Page,
  scope: ReturnType<Page['getByRole']>,
  label: string,
  typed: string,
  text: string,
) {
  await scope.getByLabel(label).click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible').getByText(text).first().click();
  await page.keyboard.press('Escape');
}

describe('一月一督查: the chief records the month’s inspection', () => {
  it('with a rectification demand that becomes a coordination item of 建设局', async () => {
    const chief = await newPage(browser);
    const title = `塔吊基础积水整改 ${Date.now().toString(36)}`;
    try {
      await loginAs(chief, 'chief');
      await chief.goto(`${baseUrl()}/chief`);
      const row = chief.locator('.ant-table-tbody tr').filter({ hasText: '待督查' }).first();
      await row.waitFor();
      // The first cell's text (name and code) identifies the row again after the page reloads.
      const projectName = ((await row.locator('td').first().textContent()) ?? '').trim();
      await row.getByRole('button', { name: '记录督查' }).click();

      const modal = chief.getByRole('dialog', { name: '记录月度督查' });
      await modal.getByLabel('督查日期').click();
      await chief.keyboard.type(todayInChina());
      await chief.keyboard.press('Enter');
      await modal.getByLabel('参加人员').click();
      await chief.keyboard.type('施工单位项目经理');
      await chief.keyboard.press('Enter');
      await modal.getByLabel('督查情况').fill('现场查看塔吊基础与基坑排水，听取施工单位汇报。');
      await modal.getByRole('button', { name: '添加整改要求' }).click();
      await modal.getByLabel('整改事项').fill(title);
      await choose(chief, modal, '协调部门', '建设局', '科学城管委会建设局');
      await modal.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => chief.getByText('督查已记录').count()).toBeGreaterThan(0);
      await snapshot(chief, 'chief-inspection-recorded');

      // The demand is a coordination item of the department, raised from the inspection.
      const items = await getJson<{ items: { title: string; source: string }[] }>(
        chief,
        '/api/coordination-items?scope=mine&pageSize=200',
      );
      expect(items.items.filter((i) => i.title === title).map((i) => i.source)).toEqual(['inspection']);
      await chief.goto(`${baseUrl()}/chief`);
      const done = chief.locator('.ant-table-tbody tr').filter({ hasText: projectName }).first();
      await expect.poll(() => done.textContent()).toContain(`已督查`);
    } finally {
      await chief.close();
    }
  });
});

describe('一季一拉练: a field review scored by two scorers and ranked', () => {
  it('chief2 and chief4 score two projects; the leader closes the tour and sees ranks and 争先锋', async () => {
    const leader = await newPage(browser);
    const scorers = [await newPage(browser), await newPage(browser)];
    try {
      await loginAs(leader, 'leader');
      const chiefs = await getJson<{ id: string; username?: string; displayName: string }[]>(
        leader,
        '/api/reference/user-options?role=project_chief',
      );
      const pick = (name: string) => chiefs.find((c) => c.displayName === name)!.id;
      const projects = await getJson<{ items: { id: string; name: string }[] }>(
        leader,
        '/api/projects?stage=under_construction&pageSize=2&sort=name&order=asc',
      );
      const [first, second] = projects.items;
      const today = todayInChina();
      const month = Number(today.slice(5, 7));
      const quarter = `${today.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
      const created = await leader.request.post(`${baseUrl()}/api/field-reviews`, {
        data: {
          quarter,
          title: `浏览器测试拉练 ${Date.now().toString(36)}`,
          route: [
            { projectId: first!.id, visitDate: today },
            { projectId: second!.id, visitDate: today },
          ],
          scorerIds: [pick('刘志强'), pick('周立新')],
        },
      });
      expect(created.status()).toBe(201);
      const tour = (await created.json()) as { id: string };

      // Each scorer scores independently on the tour page; the second project does better for both.
      const sheets: [string, Page, number][] = [
        ['chief2', scorers[0]!, 0],
        ['chief4', scorers[1]!, 2],
      ];
      for (const [username, page, offset] of sheets) {
        await loginAs(page, username);
        await page.goto(`${baseUrl()}/field-reviews/${tour.id}`);
        for (const [project, base] of [
          [first!, 80],
          [second!, 90],
        ] as const) {
          for (const criterion of ['比质量', '比安全', '比进度']) {
            await page.getByLabel(`${project.name} ${criterion}`).fill(String(base + offset));
          }
          const line = page.locator('.ant-table-tbody tr').filter({ hasText: project.name });
          await line.getByRole('button', { name: '保存' }).click();
          await expect.poll(() => page.getByText(`${project.name} 的评分已保存`).count()).toBeGreaterThan(0);
        }
      }

      await leader.goto(`${baseUrl()}/field-reviews/${tour.id}`);
      await leader.getByRole('button', { name: '结束拉练' }).click();
      await leader.locator('.ant-popconfirm').getByRole('button', { name: '结束拉练' }).click();
      await expect.poll(() => leader.getByText('拉练已结束，结果已生成').count()).toBeGreaterThan(0);
      const results = leader.locator('.ant-card').filter({ hasText: '拉练结果' });
      const rows = results.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(2);
      // Means: 91 for the second project, 81 for the first; both within the three 争先锋 places.
      expect(await rows.nth(0).textContent()).toContain(second!.name);
      expect(await rows.nth(0).textContent()).toContain('91');
      expect(await rows.nth(1).textContent()).toContain(first!.name);
      expect(await rows.nth(0).textContent()).toContain('争先锋');
      await snapshot(leader, 'field-review-ranked');
    } finally {
      await leader.close();
      for (const p of scorers) await p.close();
    }
  });
});
