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

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${baseUrl()}${path}`);
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Picks an option of the antd Select labelled `label` inside a modal by typing part of its text, then closes the
 * dropdown by clicking the modal's title (Escape would close the modal once the dropdown is gone).
 */
async function choose(page: Page, modal: ReturnType<Page['getByRole']>, label: string, typed: string) {
  await modal.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(typed);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: typed })
    .first()
    .click();
  await modal.locator('.ant-modal-title').click();
}

describe('项目长配备: a leader gives a key project its chief team', () => {
  it('the leader assigns 周立新 with a liaison on 项目长配备, and the project appears in 周立新’s workspace', async () => {
    const leader = await newPage(browser);
    const chief = await newPage(browser);
    try {
      await loginAs(leader, 'leader');
      // The first key project without a chief: the page lists those first.
      const open = await getJson<{ items: { projectId: string; projectName: string }[] }>(
        leader,
        '/api/chief-teams?unassigned=true&pageSize=1',
      );
      const project = open.items[0];
      if (!project) throw new Error('the demo data has no key project without a chief');

      await leader.goto(`${baseUrl()}/chief/teams?unassigned=true`);
      const row = leader.locator('.ant-table-tbody tr').filter({ hasText: project.projectName });
      await expect.poll(() => row.getByText('未指定').count()).toBe(1);
      await row.getByRole('button', { name: `指定或调整 ${project.projectName} 的项目长团队` }).click();
      const modal = leader.getByRole('dialog', { name: `项目长团队：${project.projectName}` });
      await choose(leader, modal, '项目长', '周立新');
      await choose(leader, modal, '联络员', '杨帆');
      await modal.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => leader.getByText('项目长团队已保存').count()).toBeGreaterThan(0);
      // Assigned, it leaves the list of projects without a chief.
      await expect.poll(() => row.count()).toBe(0);
      await snapshot(leader, 'leader-chief-team-assigned');

      // On the project's 督查 tab the team shows with the liaison's department.
      await leader.goto(`${baseUrl()}/projects/${project.projectId}?tab=inspections`);
      const team = leader.locator('.ant-card').filter({ hasText: '项目长团队' });
      await expect.poll(() => team.textContent()).toContain('周立新');
      expect(await team.textContent()).toContain('杨帆（科学城管委会建设局）');

      // The chief finds the project in his workspace, with this month's inspection still to do.
      await loginAs(chief, 'chief4');
      await chief.goto(`${baseUrl()}/chief`);
      const mine = chief.locator('.ant-table-tbody tr').filter({ hasText: project.projectName });
      await expect.poll(() => mine.count()).toBe(1);
      expect(await mine.textContent()).toContain('项目长');
      await expect.poll(() => mine.getByRole('button', { name: '记录督查' }).count()).toBe(1);
      await snapshot(chief, 'chief4-workspace-new-project');
    } catch (err) {
      await snapshot(leader, 'leader-chief-team-failure');
      await snapshot(chief, 'chief4-workspace-failure');
      throw err;
    } finally {
      await leader.context().close();
      await chief.context().close();
    }
  });
});

describe('修改督查记录: a chief corrects an inspection', () => {
  it('edits the summary on the project’s 督查 tab; when someone changed it meanwhile, keeps his text and overwrites', async () => {
    const chief = await newPage(browser);
    try {
      await loginAs(chief, 'chief');
      const workspace = await getJson<{
        projects: { projectId: string; projectName: string; role: string }[];
      }>(chief, '/api/chief/workspace');
      // A project he is chief of with a recorded inspection (the demo has a year of them).
      let target: { projectId: string; id: string; month: string } | undefined;
      for (const p of workspace.projects.filter((x) => x.role === 'chief')) {
        const list = await getJson<{ items: { id: string; month: string }[] }>(
          chief,
          `/api/projects/${p.projectId}/inspections`,
        );
        const latest = list.items[0];
        if (latest) {
          target = { projectId: p.projectId, id: latest.id, month: latest.month };
          break;
        }
      }
      if (!target) throw new Error('the demo chief has no recorded inspection');

      await chief.goto(`${baseUrl()}/projects/${target.projectId}?tab=inspections`);
      await chief.getByRole('button', { name: `修改 ${target.month} 督查` }).click();
      const modal = chief.getByRole('dialog', { name: '修改督查记录' });
      const summary = modal.getByLabel('督查情况');
      await expect.poll(() => summary.inputValue()).not.toBe('');
      const mine = `复查塔吊基础排水已整改到位，基坑监测数据按日上报。${Date.now().toString(36)}`;
      await summary.fill(mine);

      // Meanwhile a deputy corrects the participants of the same record.
      const current = await getJson<{ version: number }>(chief, `/api/inspections/${target.id}`);
      const other = await chief.request.patch(`${baseUrl()}/api/inspections/${target.id}`, {
        data: { version: current.version, participants: ['王建国', '施工单位项目经理'] },
      });
      expect(other.status()).toBe(200);

      await modal.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => modal.getByText('该督查记录已被他人修改').count()).toBe(1);
      // Nothing the chief typed is lost.
      expect(await summary.inputValue()).toBe(mine);
      await snapshot(chief, 'chief-inspection-conflict');
      await modal.getByRole('button', { name: '以我的修改覆盖' }).click();
      await chief.locator('.ant-modal-confirm').getByRole('button', { name: '以我的修改覆盖' }).click();
      await expect.poll(() => chief.getByText('督查记录已修改').count()).toBeGreaterThan(0);
      await expect.poll(() => modal.count()).toBe(0);

      const saved = await getJson<{ summary: string; version: number }>(
        chief,
        `/api/inspections/${target.id}`,
      );
      expect(saved.summary).toBe(mine);
      expect(saved.version).toBe(current.version + 2);
      // The record, opened in the list, reads the correction.
      const list = chief.locator('.ant-card').filter({ hasText: '月度督查' });
      const line = list.locator('.ant-table-tbody tr').filter({ hasText: target.month }).first();
      await line.locator('.ant-table-row-expand-icon').click();
      await expect.poll(() => chief.getByText(mine).count()).toBeGreaterThan(0);
      await snapshot(chief, 'chief-inspection-edited');
    } catch (err) {
      await snapshot(chief, 'chief-inspection-edit-failure');
      throw err;
    } finally {
      await chief.context().close();
    }
  });
});
