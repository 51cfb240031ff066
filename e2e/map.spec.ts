import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcj02ToWgs84 } from '../domain/coordinates.ts';
import { baseMapPresets } from '../domain/schemas/map.ts';
import { baseUrl, launchBrowser, loginAs, newPage, snapshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type MapResponse = { total: number; withoutLocation: number; points: [string, string, ...unknown[]][] };

/** Every request that leaves the app's own server is refused and remembered: the map must work offline. */
async function offline(page: Page): Promise<string[]> {
  const own = new URL(baseUrl()).host;
  const external: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === own || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    external.push(url.href);
    return route.abort('internetdisconnected');
  });
  return external;
}

const apiMap = (page: Page, query = '') =>
  page.evaluate(async (q) => (await (await fetch(`/api/projects/map${q}`)).json()) as MapResponse, query);

const mapData = async (page: Page, name: string) =>
  page.getByTestId('project-map').getAttribute(`data-${name}`);

describe('项目一张图 on the offline base', () => {
  it('shows every located demo project without a single external request, and a click opens its card', async () => {
    const page = await newPage(browser);
    const external = await offline(page);
    try {
      await loginAs(page, 'leader');
      await page.getByRole('menuitem', { name: /项目一张图/ }).click();
      await page.waitForURL(/\/map$/);
      const api = await apiMap(page);
      expect(api.points.length).toBeGreaterThan(50);

      // All points are in view after the map fits them: the clusters and single points drawn add up to them.
      await expect.poll(() => mapData(page, 'drawn'), { timeout: 20_000 }).toBe(String(api.points.length));
      expect(await mapData(page, 'base')).toBe('offline');
      expect(await mapData(page, 'points')).toBe(String(api.points.length));
      await expect.poll(() => mapData(page, 'outlines')).toBe('ready');
      await expect
        .poll(() => page.getByTestId('map-summary').textContent())
        .toBe(`地图上 ${api.points.length} 个项目（符合条件 ${api.total} 个）`);
      await expect
        .poll(() => page.getByText(`另有 ${api.withoutLocation} 个项目未标注位置`).isVisible())
        .toBe(true);
      await expect.poll(() => page.getByText('区县边界：示意边界，非审定地图').isVisible()).toBe(true);
      await snapshot(page, 'map-offline');

      // Zoom into clusters until single projects are drawn, then click one where it is drawn on the canvas.
      const container = page.getByTestId('project-map');
      const singles = async () =>
        JSON.parse((await container.getAttribute('data-singles')) ?? '[]') as {
          id: string;
          x: number;
          y: number;
        }[];
      for (let i = 0; i < 6 && (await singles()).length === 0; i++) {
        await page.locator('.gj-cluster').first().click();
        await page.waitForTimeout(400);
      }
      const box = (await container.boundingBox())!;
      let opened: { id: string; name: string } | undefined;
      for (const single of (await singles()).slice(0, 8)) {
        await page.mouse.click(box.x + single.x, box.y + single.y);
        const card = page.getByTestId('map-card');
        if (await card.isVisible({ timeout: 1500 }).catch(() => false)) {
          const name = api.points.find((p) => p[0] === single.id)![1];
          await expect.poll(() => card.textContent()).toContain(name);
          opened = { id: single.id, name };
          break;
        }
      }
      expect(opened, 'a click on a single point opens its card').toBeDefined();
      // The popup fades in.
      await page.waitForTimeout(400);
      await snapshot(page, 'map-card');
      await page.getByTestId('map-card').getByRole('link', { name: '查看项目' }).click();
      await page.waitForURL(new RegExp(`/projects/${opened!.id}$`));
      await expect.poll(() => page.getByText(opened!.name).first().isVisible()).toBe(true);

      expect(external, 'no request may leave the server').toEqual([]);
    } catch (err) {
      await snapshot(page, 'map-failure');
      throw err;
    } finally {
      await page.context().close();
    }
  });

  it("opens from the ledger with the ledger's filters, and back", async () => {
    const page = await newPage(browser);
    const external = await offline(page);
    try {
      await loginAs(page, 'leader');
      await page.goto(`${baseUrl()}/projects?stage=under_construction&sort=name&order=asc`);
      await page.getByRole('button', { name: '地图' }).click();
      await page.waitForURL((url) => url.pathname === '/map');
      expect(new URL(page.url()).search).toBe('?stage=under_construction');
      const api = await apiMap(page, '?stage=under_construction');
      await expect.poll(() => mapData(page, 'drawn'), { timeout: 20_000 }).toBe(String(api.points.length));
      await snapshot(page, 'map-filtered');
      await page.getByRole('button', { name: '在台账中查看' }).click();
      await page.waitForURL((url) => url.pathname === '/projects');
      expect(new URL(page.url()).search).toBe('?stage=under_construction');
      await expect.poll(() => page.getByText(`共 ${api.total} 条`).first().isVisible()).toBe(true);

      await page.goto(`${baseUrl()}/timeline?year=2020`);
      await expect
        .poll(() => page.getByText('科学城建设动员大会暨 79 个重大项目集中开工').isVisible(), {
          timeout: 10_000,
        })
        .toBe(true);
      await snapshot(page, 'timeline');
      expect(external).toEqual([]);
    } catch (err) {
      await snapshot(page, 'map-ledger-failure');
      throw err;
    } finally {
      await page.context().close();
    }
  });

  it('sets a location in the project form by a click, converted from GCJ-02 tiles, and falls back offline when tiles fail', async () => {
    const admin = await newPage(browser);
    const page = await newPage(browser);
    const amap = baseMapPresets.find((p) => p.code === 'amap')!;
    const putSettings = (mode: 'tiles' | 'offline') =>
      admin.evaluate(
        async ({ mode, amap }) => {
          const current = await (await fetch('/api/map-settings')).json();
          const res = await fetch('/api/map-settings', {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              mode,
              urlTemplate: amap.urlTemplate,
              overlayUrlTemplate: null,
              subdomains: amap.subdomains,
              attribution: amap.attribution,
              crs: amap.crs,
              maxZoom: amap.maxZoom,
              version: current.version,
            }),
          });
          return res.status;
        },
        { mode, amap },
      );
    try {
      await loginAs(admin, 'admin');
      // The settings page fills in an example; the 天地图 one still needs its key and is refused until then.
      await admin.goto(`${baseUrl()}/admin/map-settings`);
      await admin.getByRole('button', { name: '天地图（矢量）' }).click();
      await expect
        .poll(() => admin.getByLabel('瓦片地址模板', { exact: true }).inputValue())
        .toContain('tianditu.gov.cn/DataServer?T=vec_w');
      await admin.getByRole('button', { name: '保存' }).click();
      await expect
        .poll(() =>
          admin
            .getByText(/请把模板中的 <key>/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await snapshot(admin, 'map-settings');
      expect(await putSettings('tiles')).toBe(200);

      // The 高德 tiles are answered here with a blank image: nothing leaves the machine, and the base is GCJ-02.
      const own = new URL(baseUrl()).host;
      const external: string[] = [];
      const blank = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      );
      await page.context().route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.host === own || url.protocol === 'data:') return route.continue();
        if (url.host.endsWith('.is.autonavi.com')) {
          return route.fulfill({ status: 200, contentType: 'image/png', body: blank });
        }
        external.push(url.href);
        return route.abort('internetdisconnected');
      });
      await loginAs(page, 'owner');
      await page.goto(`${baseUrl()}/projects/new`);
      const picker = page.getByTestId('location-picker');
      await expect.poll(() => picker.getAttribute('data-base'), { timeout: 20_000 }).toBe('tiles');
      expect(await picker.getAttribute('data-crs')).toBe('gcj02');
      await picker.scrollIntoViewIfNeeded();
      const box = (await picker.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const longitude = page.locator('form').getByLabel('经度', { exact: true });
      const latitude = page.locator('form').getByLabel('纬度', { exact: true });
      await expect.poll(() => longitude.inputValue()).not.toBe('');
      const [clickedLng, clickedLat] = ((await picker.getAttribute('data-clicked')) ?? '')
        .split(',')
        .map(Number);
      const expected = gcj02ToWgs84({ lng: clickedLng!, lat: clickedLat! });
      // What is stored is WGS84: the clicked GCJ-02 position with the offset removed (a few hundred metres here).
      expect(Number(await longitude.inputValue())).toBeCloseTo(expected.lng, 5);
      expect(Number(await latitude.inputValue())).toBeCloseTo(expected.lat, 5);
      expect(Math.abs(expected.lng - clickedLng!)).toBeGreaterThan(0.001);
      await snapshot(page, 'map-form-picker');

      // Tiles that cannot be loaded: the map falls back to the offline outlines and says so.
      await page.context().unroute('**/*');
      await page.context().route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.host === own || url.protocol === 'data:') return route.continue();
        if (!url.host.endsWith('.is.autonavi.com')) external.push(url.href);
        return route.abort('internetdisconnected');
      });
      await page.goto(`${baseUrl()}/map`);
      const map = page.getByTestId('project-map');
      await expect.poll(() => map.getAttribute('data-base'), { timeout: 20_000 }).toBe('offline');
      await expect.poll(() => page.getByText('瓦片底图无法加载，已改用离线区县底图').isVisible()).toBe(true);
      const api = await apiMap(page);
      await expect
        .poll(() => map.getAttribute('data-drawn'), { timeout: 20_000 })
        .toBe(String(api.points.length));
      await snapshot(page, 'map-tiles-fallback');
      expect(external).toEqual([]);
    } catch (err) {
      await snapshot(page, 'map-form-failure');
      throw err;
    } finally {
      await putSettings('offline').catch(() => undefined);
      await page.context().close();
      await admin.context().close();
    }
  });
});
