import { eq, sql } from 'drizzle-orm';
import { pinyinKeys } from '#domain/pinyin.ts';
import { parseProjectCode } from '#domain/project-code.ts';
import type { CryptoProvider } from '../core/crypto.ts';
import type { Db } from './client.ts';
import { DEMO_PASSWORD, demoOrganizations, demoProjects, demoUsers } from './demo-data.ts';
import { appMeta, organizations, projects, userRoles, users } from './schema.ts';
import { seedBulletinsDemo } from './seed-bulletins-demo.ts';
import { seedChiefsDemo } from './seed-chiefs-demo.ts';
import { seedDispatchDemo } from './seed-dispatch-demo.ts';
import { seedLifecycleDemo } from './seed-lifecycle-demo.ts';
import { seedTimelineDemo } from './seed-timeline-demo.ts';

const DEMO_SEEDED = 'demo_seeded';

export type SeedResult = { demoSeeded: boolean; initialAdminPassword: string | null };

/**
 * First-start data. In demo mode the demo data set is written once (app_meta remembers it, so deleting demo
 * projects does not bring them back). Outside demo mode a fresh database gets one administrator account whose
 * password must be changed at first login.
 */
export async function seed(
  db: Db,
  crypto: CryptoProvider,
  options: { demoMode: boolean; passwordIterations: number; adminPassword?: string },
): Promise<SeedResult> {
  const result: SeedResult = { demoSeeded: false, initialAdminPassword: null };
  if (options.demoMode) {
    const [done] = await db.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED));
    if (!done) {
      await seedDemo(db, crypto, options.passwordIterations);
      result.demoSeeded = true;
    }
    // Added with the lifecycle issue (#3): demo databases created before it get this part on their next start.
    await seedLifecycleDemo(db);
    // Issue #4: chiefs' teams, a year of inspections, four field reviews.
    await seedChiefsDemo(db);
    // Issue #4, 双月一调度: six dispatch meetings with attendance, minutes and decisions in every state.
    await seedDispatchDemo(db);
    // Issue #4, 通报: the masthead of the demo's bulletins.
    await seedBulletinsDemo(db);
    // Issue #5, 建设时间轴: the zone's milestones of 2020–2021.
    await seedTimelineDemo(db);
    return result;
  }
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (n === 0) {
    const password = options.adminPassword ?? `Gj-${crypto.randomToken(9)}`;
    const hash = await crypto.hashPassword(password, options.passwordIterations);
    await db.transaction(async (tx) => {
      const [admin] = await tx
        .insert(users)
        .values({
          username: 'admin',
          displayName: '系统管理员',
          passwordHash: hash,
          mustChangePassword: true,
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: admin!.id, roleCode: 'admin' });
    });
    result.initialAdminPassword = password;
  }
  return result;
}

async function seedDemo(db: Db, crypto: CryptoProvider, iterations: number) {
  // One hash for all demo accounts: they share the published demo password, and hashing is deliberately slow.
  const hash = await crypto.hashPassword(DEMO_PASSWORD, iterations);
  await db.transaction(async (tx) => {
    const orgIds = new Map<string, string>();
    for (const o of demoOrganizations) {
      const [row] = await tx
        .insert(organizations)
        .values({
          name: o.name,
          type: o.type,
          creditCode: o.creditCode,
          contactName: o.contactName,
          contactPhone: o.contactPhone,
          divisionCode: o.divisionCode,
          isDemo: true,
        })
        .onConflictDoNothing()
        .returning({ id: organizations.id });
      if (row) orgIds.set(o.key, row.id);
    }
    const userIds = new Map<string, string>();
    for (const u of demoUsers) {
      const [row] = await tx
        .insert(users)
        .values({
          username: u.username,
          displayName: u.displayName,
          organizationId: u.orgKey ? (orgIds.get(u.orgKey) ?? null) : null,
          passwordHash: hash,
          isDemo: true,
        })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!row) continue;
      userIds.set(u.username, row.id);
      await tx.insert(userRoles).values(u.roles.map((roleCode) => ({ userId: row.id, roleCode })));
    }
    const rows = demoProjects.map((p) => {
      const keys = pinyinKeys(p.name);
      const parsed = p.code ? parseProjectCode(p.code) : null;
      return {
        code: p.code,
        codeFormat: parsed?.ok ? parsed.format : null,
        name: p.name,
        namePinyin: keys.full,
        nameInitials: keys.initials,
        ownerOrgId: orgIds.get(p.ownerKey)!,
        category: p.category,
        industryCode: p.industryCode,
        leadingIndustry: p.leadingIndustry,
        keyLevel: p.keyLevel,
        divisionCode: p.divisionCode,
        longitude: p.longitude,
        latitude: p.latitude,
        totalInvestment: p.totalInvestment,
        investmentGovernment: p.investmentGovernment,
        investmentSocial: p.investmentSocial,
        investmentForeign: p.investmentForeign,
        constructionContent: p.constructionContent,
        plannedStart: p.plannedStart,
        plannedCompletion: p.plannedCompletion,
        stage: p.stage,
        chiefUserId: p.chiefUsername ? (userIds.get(p.chiefUsername) ?? null) : null,
        leadDepartmentId: p.leadDepartmentKey ? (orgIds.get(p.leadDepartmentKey) ?? null) : null,
        tags: p.tags,
        isDemo: true,
      };
    });
    if (rows.length) await tx.insert(projects).values(rows.filter((r) => r.ownerOrgId));
    await tx.insert(appMeta).values({ key: DEMO_SEEDED, value: new Date().toISOString() });
  });
}
