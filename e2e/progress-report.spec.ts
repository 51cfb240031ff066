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

type Reason = { code: string; color: 'red' | 'yellow' | 'green' };
type Warning = { projectId: string; projectName: string; color: Reason['color']; reasons: Reason[] };

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${baseUrl()}${path}`);
  if (!response.ok()) throw new Error(`${path}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The month the warning rules judge: the latest month whose report deadline (the 5th of the next month, the
 * default) has passed, in China time — as the server computes it.
 */
function judgedMonth(): string {
  const china = new Date(Date.now() + 8 * 3_600_000);
  const back = china.getUTCDate() > 5 ? 1 : 2;
  const n = china.getUTCFullYear() * 12 + china.getUTCMonth() - back;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** A small PNG drawn by the browser: no binary fixture in the repository. */
async function drawPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 96;
    canvas.height = 64;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no canvas');
    g.fillStyle = '#8c8c8c';
    g.fillRect(0, 0, 96, 64);
    g.fillStyle = '#1f5fbf';
    g.fillRect(10, 20, 76, 34);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

async function lightOnWarningList(page: Page, name: string): Promise<string | null> {
  const row = page
    .locator('.ant-table-tbody tr')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
  await row.first().waitFor();
  return row.first().locator('[data-light]').first().textContent();
}

describe('a monthly report goes round its review and moves the project’s light', () => {
  it('owner submits with a photo, the lead department returns it, the owner corrects it; red turns green', async () => {
    const dept = await newPage(browser);
    const owner = await newPage(browser);
    try {
      await loginAs(dept, 'dept');
      const deptMe = await getJson<{ user: { organizationId: string } }>(dept, '/api/auth/me');
      await loginAs(owner, 'owner');

      // A project of the owner's, led by the dept user's bureau, whose light is lit only for a missing report
      // and investment behind its 序时进度: reporting the judged month with enough investment turns it green.
      const month = judgedMonth();
      const year = Number(month.slice(0, 4));
      const led = await getJson<{ items: { id: string; totalInvestment: number }[] }>(
        owner,
        `/api/projects?stage=under_construction&leadDepartmentId=${deptMe.user.organizationId}&pageSize=200`,
      );
      const warnings = await getJson<{ items: Warning[] }>(owner, '/api/warnings?pageSize=200');
      const candidate = warnings.items.find(
        (w) =>
          w.color !== 'green' &&
          led.items.some((p) => p.id === w.projectId) &&
          w.reasons.some((r) => r.code === 'report_missing' && r.color !== 'green') &&
          w.reasons.every(
            (r) => r.color === 'green' || ['report_missing', 'investment_behind_schedule'].includes(r.code),
          ),
      );
      if (!candidate) throw new Error('the demo data has no project lit only for a missing report');
      const project = led.items.find((p) => p.id === candidate.projectId)!;
      const reports = await getJson<{ cumulativeInvestment: number; items: { month: string }[] }>(
        owner,
        `/api/projects/${project.id}/progress-reports`,
      );
      expect(reports.items.some((r) => r.month === month)).toBe(false);
      const plan = await getJson<{
        yearToDate: { annualPlan: number; plannedCumulative: number; completedCumulative: number };
      }>(owner, `/api/projects/${project.id}/annual-plans/${year}?asOfMonth=${Number(month.slice(5))}`);
      const ytd = plan.yearToDate;
      // Two points of the annual plan ahead of the schedule; physical progress in step with the money.
      const amount =
        Math.ceil(
          (Math.max(0, ytd.plannedCumulative - ytd.completedCumulative) + ytd.annualPlan * 0.02) * 100,
        ) / 100;
      const physical = Math.round(((reports.cumulativeInvestment + amount) / project.totalInvestment) * 100);
      expect(reports.cumulativeInvestment + amount).toBeLessThan(project.totalInvestment);

      await owner.goto(`${baseUrl()}/warnings?q=${encodeURIComponent(candidate.projectName)}`);
      expect(await lightOnWarningList(owner, candidate.projectName)).not.toBe('绿灯');

      // 1. The owner fills the month on the form, with a photo, and submits.
      await owner.goto(`${baseUrl()}/projects/${project.id}?tab=reports`);
      await owner.getByRole('button', { name: '填报月报' }).click();
      await owner.waitForURL(/\/reports\/new/);
      const monthInput = owner.getByLabel('填报月份');
      await monthInput.click();
      await owner.keyboard.press('ControlOrMeta+A');
      await owner.keyboard.type(month);
      await owner.keyboard.press('Enter');
      await owner.getByLabel('本月完成投资（万元）').fill('1');
      await owner.getByLabel('工程形象进度（%）').fill(String(physical));
      await owner.getByLabel('形象进度', { exact: true }).fill('隧道主洞掘进 1200 米，二衬施工完成 40%');
      await owner
        .locator('input[type=file]')
        .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: await drawPng(owner) });
      await expect.poll(() => owner.getByText('site.png').count()).toBeGreaterThan(0);
      await owner.getByRole('button', { name: '提交月报' }).click();
      await owner.waitForURL(/[?&]report=[0-9a-f-]{36}/, { timeout: 20_000 });
      const drawer = owner.getByRole('dialog', { name: new RegExp(`${month} 月报`) });
      await expect.poll(() => drawer.getByText('待审核').count()).toBeGreaterThan(0);
      await expect.poll(() => drawer.getByRole('img', { name: 'site.png' }).count()).toBe(1);
      await snapshot(owner, 'owner-report-submitted');

      // 2. The lead department returns it with a reason.
      await dept.goto(`${baseUrl()}/projects/${project.id}?tab=reports`);
      await dept.getByRole('button', { name: month, exact: true }).click();
      const review = dept.getByRole('dialog', { name: new RegExp(`${month} 月报`) });
      await review.getByRole('button', { name: '退回' }).click();
      const returning = dept.getByRole('dialog', { name: `退回 ${month} 月报` });
      await returning.getByLabel('退回原因').fill('本月完成投资与支付凭证不符，请核对后重报');
      const returned = dept.waitForResponse((r) => r.url().endsWith('/review') && r.status() === 200);
      await returning.getByRole('button', { name: '退回' }).click();
      await returned;
      await expect.poll(() => review.getByText('已退回').count()).toBeGreaterThan(0);

      // 3. The owner sees the reason, corrects the amount on the prefilled form and resubmits.
      await owner.goto(`${baseUrl()}/projects/${project.id}?tab=reports`);
      await owner.getByRole('button', { name: month, exact: true }).click();
      const mine = owner.getByRole('dialog', { name: new RegExp(`${month} 月报`) });
      await expect.poll(() => mine.getByText(/本月完成投资与支付凭证不符/).count()).toBeGreaterThan(0);
      await mine.getByRole('button', { name: '修改并重新提交' }).click();
      await owner.waitForURL(/\/reports\/new\?month=/);
      await expect.poll(() => owner.getByText(/本月完成投资与支付凭证不符/).count()).toBeGreaterThan(0);
      const amountInput = owner.getByLabel('本月完成投资（万元）');
      await expect.poll(() => amountInput.inputValue()).toBe('1.00');
      await amountInput.fill(String(amount));
      await owner.getByRole('button', { name: '重新提交' }).click();
      await owner.waitForURL(/[?&]report=[0-9a-f-]{36}/, { timeout: 20_000 });
      const corrected = owner.getByRole('dialog', { name: new RegExp(`${month} 月报`) });
      await expect.poll(() => corrected.getByText('待审核').count()).toBeGreaterThan(0);
      await expect.poll(() => corrected.getByText('第 2 版').count()).toBeGreaterThan(0);
      await snapshot(owner, 'owner-report-resubmitted');

      // 4. The light follows the report.
      await owner.goto(`${baseUrl()}/warnings?q=${encodeURIComponent(candidate.projectName)}`);
      await expect
        .poll(() => lightOnWarningList(owner, candidate.projectName), { timeout: 10_000 })
        .toBe('绿灯');
      await snapshot(owner, 'owner-warning-green');
    } catch (err) {
      await snapshot(owner, 'owner-report-failure');
      await snapshot(dept, 'dept-report-failure');
      throw err;
    } finally {
      await owner.context().close();
      await dept.context().close();
    }
  });
});
