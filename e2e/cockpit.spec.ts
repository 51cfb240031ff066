import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYiYuan } from '../domain/bulletin-number.ts';
import type { Cockpit } from '../domain/schemas/analysis.ts';
import { baseUrl, DEMO_PASSWORD, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const apiCockpit = (page: Page) =>
  page.evaluate(async () => (await (await fetch('/api/cockpit')).json()) as Cockpit);

/** The exact value a headline figure carries on screen (data-value of its data-figure element). */
const shown = async (page: Page, figure: string) =>
  Number(await page.locator(`[data-figure="${figure}"]`).first().getAttribute('data-value'));

const number = (text: string | null) => Number((text ?? '').replace(/[,%\s]/g, ''));

describe('领导驾驶舱 and 投资结构分析', () => {
  it('a leader lands on the cockpit, whose headline figures are the API’s, and a figure opens its ledger list', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'leader');
      await page.waitForURL((url) => url.pathname === '/cockpit');
      await page.locator('[data-figure="investment.total"]').waitFor();
      const api = await apiCockpit(page);
      expect(api.scope).toBe('all');
      expect(api.projectCount).toBeGreaterThan(50);

      const underConstruction = api.stages.find((s) => s.stage === 'under_construction')!.figure;
      const expected: [string, number | null][] = [
        ['projectCount', api.projectCount],
        ['investment.total', api.investment.total.value],
        ['investment.annualPlan', api.investment.annualPlan.value],
        ['investment.completedYtd', api.investment.completedYtd.value],
        [
          'investment.planCompletion.annualCompletionPct',
          api.investment.planCompletion.annualCompletionPct.value,
        ],
        ['stages.under_construction', underConstruction.value],
        ['lights.red', api.lights.red.value],
        ['overdueItems', api.overdueItems.value],
        ['reportSubmission.rate', api.reportSubmission.rate.value],
      ];
      for (const [figure, value] of expected) {
        expect(value, figure).not.toBeNull();
        expect(await shown(page, figure), figure).toBe(value);
      }
      // What the eye reads: the total in 亿元 with the bulletin's rounding, and the rate with two decimals.
      const [whole, fraction] = formatYiYuan(api.investment.total.value!).split('.');
      expect(await page.locator('[data-figure="investment.total"]').textContent()).toBe(
        `${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction}`,
      );
      expect(await page.locator('[data-figure="reportSubmission.rate"]').textContent()).toBe(
        `${api.reportSubmission.rate.value!.toFixed(2)}%`,
      );
      // No comparison is invented: the total investment has no history, and says so.
      expect(api.investment.total.monthAgo).toBeNull();
      const totalCard = page.locator('.ant-card', { has: page.locator('[data-figure="investment.total"]') });
      expect(await totalCard.textContent()).toContain('环比 —');
      expect(await totalCard.textContent()).toContain(api.investment.total.monthAgoNote!.zh);
      // The signing figures keep their place and show no number until the attraction module exists.
      const signing = page.getByTestId('signing-placeholder');
      expect(await signing.textContent()).toContain('招商引资模块');
      expect(await signing.textContent()).not.toMatch(/\d/);
      await snapshot(page, 'cockpit');

      // The under-construction count opens the ledger filtered to that stage, with as many projects.
      await page.locator('[data-figure="stages.under_construction"]').first().click();
      await page.waitForURL((url) => url.pathname === '/projects');
      expect(new URL(page.url()).search).toBe('?stage=under_construction');
      await expect
        .poll(() => page.getByText(`共 ${underConstruction.value} 条`).first().isVisible())
        .toBe(true);

      // A district in the rankings opens the ledger for that district, with as many projects as it ranks.
      await page.goBack();
      await page.getByRole('tab', { name: '区县' }).click();
      const district = api.rankings.district.items.find((i) => i.drill)!;
      await page.getByRole('link', { name: district.label.zh, exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/projects');
      expect(new URL(page.url()).searchParams.get('divisionCode')).toBe(district.key);
      await expect
        .poll(() => page.getByText(`共 ${district.projectCount} 条`).first().isVisible())
        .toBe(true);
    } catch (err) {
      await snapshot(page, 'cockpit-failure');
      throw err;
    } finally {
      await page.context().close();
    }
  });

  it('exports the pivot on screen to .xlsx with the same figures', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'leader');
      // A hand-edited address with bad parts keeps what is valid and falls back for the rest.
      await page.goto(
        `${baseUrl()}/analysis?rows=district&cols=district&from=2020-09&to=2020-02&measures=count,bogus`,
      );
      await expect.poll(() => page.getByText('统计期间 2020-01 至 2020-02').isVisible()).toBe(true);
      expect(await page.getByTestId('pivot-table').locator('thead').textContent()).toContain(
        '总投资（万元）',
      );

      await page.goto(`${baseUrl()}/analysis?rows=district&measures=count,totalInvestment`);
      const table = page.getByTestId('pivot-table');
      const rows = table.locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(1);
      await page.getByTestId('analysis-chart').waitFor();

      const onScreen = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({
          label: tr.querySelector('[data-row-label]')?.textContent ?? '',
          count: tr.querySelector('[data-measure="count"]')?.textContent ?? '',
          total: tr.querySelector('[data-measure="totalInvestment"]')?.textContent ?? '',
        })),
      );
      const totalRow = table.locator('tr.gj-pivot-total');
      const grand = {
        count: await totalRow.locator('[data-measure="count"]').textContent(),
        total: await totalRow.locator('[data-measure="totalInvestment"]').textContent(),
      };
      // The table holds what the API answers for the same query.
      const pivot = await page.evaluate(async () =>
        (await fetch('/api/analysis/pivot?rows=district&measures=count,totalInvestment')).json(),
      );
      expect(onScreen.map((r) => r.label)).toEqual(
        pivot.rows.values.map((v: { label: { zh: string } }) => v.label.zh),
      );
      expect(number(grand.count)).toBe(pivot.grandTotal.count);
      expect(number(grand.total)).toBe(pivot.grandTotal.totalInvestment);
      await snapshot(page, 'analysis');

      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 Excel' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await download.path());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getCell('A1').value).toBe('所在区县');
      expect(sheet.getCell('B1').value).toBe('项目数');
      expect(sheet.getCell('C1').value).toBe('总投资（万元）');
      onScreen.forEach((row, i) => {
        const excel = sheet.getRow(i + 2);
        expect(excel.getCell(1).value).toBe(row.label);
        expect(excel.getCell(2).value).toBe(number(row.count));
        expect(excel.getCell(3).value).toBe(number(row.total));
      });
      const last = sheet.getRow(onScreen.length + 2);
      expect(last.getCell(1).value).toBe('合计');
      expect(last.getCell(2).value).toBe(number(grand.count));
      expect(last.getCell(3).value).toBe(number(grand.total));

      // A cell opens the ledger filtered to it, with as many projects as the cell counts.
      const first = rows.first();
      const firstCount = number(await first.locator('[data-measure="count"]').textContent());
      await first.locator('[data-measure="count"]').click();
      await page.waitForURL((url) => url.pathname === '/projects');
      expect(new URL(page.url()).searchParams.get('divisionCode')).toBe(pivot.rows.values[0].key);
      await expect.poll(() => page.getByText(`共 ${firstCount} 条`).first().isVisible()).toBe(true);
    } catch (err) {
      await snapshot(page, 'analysis-failure');
      throw err;
    } finally {
      await page.context().close();
    }
  });

  it('shows the big screen on 1920×1080 without a scrollbar and reloads it on its own', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl()}/login`);
      await page.getByLabel('用户名').fill('leader');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));

      let loads = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/cockpit') loads++;
      });
      await page.goto(`${baseUrl()}/cockpit/screen?refresh=10`);
      await page.locator('[data-figure="investment.total"]').waitFor();
      const api = await apiCockpit(page);
      expect(await shown(page, 'investment.total')).toBe(api.investment.total.value);
      expect(await shown(page, 'lights.red')).toBe(api.lights.red.value);
      // No menu, no header of the app: the screen is the whole page.
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      const scroll = () =>
        page.evaluate(() => {
          const el = document.scrollingElement!;
          return { height: el.scrollHeight - innerHeight, width: el.scrollWidth - innerWidth };
        });
      const fits = async () => {
        const { height, width } = await scroll();
        expect(height).toBeLessThanOrEqual(0);
        expect(width).toBeLessThanOrEqual(0);
      };
      await fits();
      await snapshot(page, 'cockpit-screen');

      // A smaller window scales the canvas down rather than scrolling.
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.waitForTimeout(300);
      await fits();

      // ?refresh=10: the figures are asked for again within a few seconds more than that.
      const before = loads;
      await expect.poll(() => loads, { timeout: 20_000 }).toBeGreaterThan(before);
    } catch (err) {
      await snapshot(page, 'cockpit-screen-failure');
      throw err;
    } finally {
      await context.close();
    }
  });
});
