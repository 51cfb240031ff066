import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('an investment officer moves a project along its lifecycle', () => {
  it('moves a signed demo project to 选址供地 with the signing date and the agreement; the stepper advances', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'invest');
      // Industrial projects follow the standard chain, whose 签约 stage asks for the two exit records.
      await page.goto(`${baseUrl()}/projects?stage=signed&category=industrial`);
      const row = page.locator('.ant-table-tbody tr').filter({ hasText: '示例数据' }).first();
      await row.getByRole('link').first().click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);

      const current = page.locator('[aria-current="step"]');
      await expect.poll(() => current.textContent(), { timeout: 10_000 }).toBe('签约');

      await page.getByRole('button', { name: '推进阶段' }).click();
      const dialog = page.getByRole('dialog');
      // The next stage is preselected.
      await expect
        .poll(() => dialog.locator('.ant-select-selection-item').first().textContent())
        .toBe('选址供地');
      await dialog.getByLabel('签约日期').click();
      await page.keyboard.type('2025-03-18');
      await page.keyboard.press('Enter');
      await dialog.getByLabel('投资协议').fill('科学城投资协议〔2025〕12号');
      await dialog.getByRole('button', { name: /确认变更/ }).click();

      await expect.poll(() => current.textContent(), { timeout: 10_000 }).toBe('选址供地');
      // The project itself was reloaded: its stage tag and the records on file follow the move.
      await expect
        .poll(() => page.locator('h3').locator('..').getByText('选址供地', { exact: true }).count())
        .toBeGreaterThan(0);
      await expect.poll(() => page.getByText('科学城投资协议〔2025〕12号').first().isVisible()).toBe(true);
      await expect.poll(() => page.getByText('2025-03-18').first().isVisible()).toBe(true);
      await snapshot(page, 'invest-lifecycle');
    } catch (err) {
      await snapshot(page, 'invest-lifecycle-failure');
      throw err;
    } finally {
      await page.context().close();
    }
  });
});
