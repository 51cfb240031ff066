import { chromium } from 'playwright-core';
const base = 'http://localhost:3917';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function as(user, pages) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log('pageerror', user, e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.log('console', user, m.text()); });
  await page.goto(`${base}/login`);
  await page.getByLabel(/用户名|Username/).fill(user);
  await page.getByLabel(/密码|Password/).fill('Guanjia@2026');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  for (const [name, url, action] of pages) {
    await page.goto(`${base}${url}`);
    await page.waitForTimeout(2000);
    if (action) await action(page);
    await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true });
  }
  await ctx.close();
}
await as('leader', [
  ['list', '/dispatch-meetings'],
  
]).catch((e) => console.log(e));
await browser.close();
