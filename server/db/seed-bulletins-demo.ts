import type { Db } from './client.ts';
import { appSettings } from './schema.ts';

/**
 * Issue #4, 通报: the demo's bulletin masthead, so that a bulletin generated on the demo says whose it would be and
 * that it is sample data. Written once: an administration that changed it keeps its own.
 */
export async function seedBulletinsDemo(db: Db): Promise<void> {
  await db
    .insert(appSettings)
    .values({
      key: 'bulletin_settings',
      value: {
        issuer: '西部（重庆）科学城管委会（示例）',
        issuerShort: '科学城管委',
        recipients: '各职能部门、各项目长',
        copyTo: null,
      },
    })
    .onConflictDoNothing();
}
