import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DEMO_PASSWORD, launchBrowser, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('reading on a phone-width screen', () => {
  it('shows the ledger and a project without the page itself scrolling sideways', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl()}/login`);
      await page.getByLabel('用户名').fill('leader');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.goto(`${baseUrl()}/projects?q=科学大道`);
      const link = page.getByRole('link', { name: /科学大道/ }).first();
      await link.waitFor();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await link.click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await page.getByText('建设内容及规模').first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await snapshot(page, 'phone-project-detail');
    } finally {
      await context.close();
    }
  });

  it('lets a project owner fill a monthly report on a phone', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl()}/login`);
      await page.getByLabel('用户名').fill('owner');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      const list = await page.request.get(`${baseUrl()}/api/projects?stage=under_construction&pageSize=1`);
      const [project] = ((await list.json()) as { items: { id: string }[] }).items;
      if (!project) throw new Error('the owner has no project under construction in the demo data');
      await page.goto(`${baseUrl()}/projects/${project.id}/reports/new`);
      const submit = page.getByRole('button', { name: /提交月报|重新提交/ });
      await submit.waitFor();
      for (const label of ['填报月份', '本月完成投资（万元）', '工程形象进度（%）']) {
        expect(await page.getByLabel(label).isVisible()).toBe(true);
      }
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      const box = await submit.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await snapshot(page, 'phone-report-form');
    } finally {
      await context.close();
    }
  });

  it('switches the interface to English', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl()}/login`);
      await page.getByText('EN', { exact: true }).click();
      await page.getByLabel('Username').fill('leader');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: /Log in/i }).click();
      await expect.poll(() => page.getByText('Wrong username or password').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
