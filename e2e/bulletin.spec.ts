import fs from 'node:fs';
import JSZip from 'jszip';
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

describe('the monthly bulletin (通报)', () => {
  it('a leader generates last month’s bulletin with one click and the .docx downloads', async () => {
    const leader = await newPage(browser);
    try {
      await loginAs(leader, 'leader');
      await leader.goto(`${baseUrl()}/bulletins`);
      const downloading = leader.waitForEvent('download');
      await leader.getByRole('button', { name: '生成通报' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const file = await download.path();
      const zip = await JSZip.loadAsync(fs.readFileSync(file));
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

      // The history lists it with the number the document carries.
      const row = leader.locator('.ant-table-tbody tr.ant-table-row').first();
      await expect.poll(() => row.textContent()).toMatch(/〔\d{4}〕\d+号/);
      const number = (await row.textContent())?.match(/[^\s]*〔\d{4}〕\d+号/)?.[0] ?? '';
      expect(number).not.toBe('');
      expect(text).toContain(number);
      expect(text).toContain('重点项目推进情况');
      expect(text).toContain('红黄灯项目');
      await snapshot(leader, 'bulletin-generated');
    } finally {
      await leader.close();
    }
  });
});
