import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '#domain/supervision-cadence.ts';
import { baseUrl, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('双月一调度: a dispatch meeting is held and its decision becomes an action', () => {
  it('the leader records a decision for 建设局 and marks the meeting held; 建设局 reports progress on it', async () => {
    const leader = await newPage(browser);
    const dept = await newPage(browser);
    const decision = `督促施工单位增加夜间作业班组 ${Date.now().toString(36)}`;
    try {
      await loginAs(leader, 'leader');
      const today = todayInChina();
      const created = await leader.request.post(`${baseUrl()}/api/dispatch-meetings`, {
        data: {
          period: periodOf('dispatch', today).code,
          meetingDate: today,
          title: `浏览器测试调度会 ${Date.now().toString(36)}`,
          place: '管委会 3 楼会议室',
          chair: '管委会副主任 王建国',
        },
      });
      expect(created.status()).toBe(201);
      const meeting = (await created.json()) as { id: string; items?: unknown[] };

      // The decision, with a working-day deadline shown before it is saved.
      await leader.goto(`${baseUrl()}/dispatch-meetings/${meeting.id}`);
      await leader.getByRole('button', { name: '记录议定事项' }).click();
      const form = leader.getByRole('dialog', { name: '记录议定事项' });
      await form.getByLabel('议定事项内容').fill(decision);
      await form.getByLabel('责任单位').click();
      await leader.keyboard.type('建设局');
      await leader.locator('.ant-select-dropdown:visible').getByText('科学城管委会建设局').first().click();
      await form.getByLabel('办理时限（工作日）').fill('5');
      await expect.poll(() => form.getByText(/完成时限：\d{4}-\d{2}-\d{2}/).count()).toBe(1);
      await form
        .getByRole('button', { name: /保\s*存|记录议定事项/ })
        .last()
        .click();
      await expect.poll(() => leader.getByText(decision).count()).toBeGreaterThan(0);

      // The meeting took place today.
      await leader.getByRole('button', { name: '标记为已召开' }).click();
      await leader.locator('.ant-popconfirm').getByRole('button', { name: '标记为已召开' }).click();
      await expect.poll(() => leader.getByRole('button', { name: '标记为已召开' }).count()).toBe(0);
      await snapshot(leader, 'dispatch-meeting-held');

      // 建设局 finds the action among its own and reports progress.
      await loginAs(dept, 'dept');
      await dept.goto(`${baseUrl()}/dispatch-actions`);
      const row = dept.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: decision });
      await row.waitFor();
      await row.getByRole('button', { name: '反馈落实情况' }).click();
      const progress = dept.getByRole('dialog', { name: '反馈落实情况' });
      await progress.getByLabel('落实情况').fill('已约谈施工单位，夜间班组下周进场。');
      await progress.getByRole('button', { name: /保\s*存/ }).click();
      await expect.poll(() => row.textContent()).toContain('已约谈施工单位');
      await snapshot(dept, 'dispatch-action-progress');
    } finally {
      await leader.close();
      await dept.close();
    }
  });
});
