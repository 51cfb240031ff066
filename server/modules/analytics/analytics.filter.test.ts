import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FactScope, needsDatabaseMatch, selectProjects } from '#domain/analytics/filter.ts';
import { todayInChina } from '#domain/iso-date.ts';
import { projects } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { filterConditions } from '../projects/projects.repo.ts';
import { findMatchingIds } from './analytics.repo.ts';
import { analyticsStoreFor } from './analytics.store.ts';
import { randomFilter, rng, seedZone, type Zone } from './analytics.test-data.ts';

/**
 * Property: for any ledger filter and data scope, the in-memory filter over the fact store selects exactly the
 * projects that the ledger's SQL (projects.repo.ts filterConditions) selects.
 */
const SEED = Number(process.env.ANALYTICS_SEED ?? 7_340_021);
let t: TestApp;
let zone: Zone;
const r = rng(SEED);

beforeAll(async () => {
  t = await createTestApp();
  zone = await seedZone(t, r, 60, todayInChina());
});
afterAll(async () => {
  await t?.close();
});

describe('in-memory ledger filter', () => {
  it('selects exactly the projects the SQL filter selects, for random filters and scopes', async () => {
    const { facts, references } = await analyticsStoreFor(t.database.db).current();
    const scopes: FactScope[] = [
      { all: true },
      { all: false, userId: zone.chiefs[0] as string, organizationId: null },
      { all: false, userId: zone.chiefs[1] as string, organizationId: zone.departments[1] as string },
      { all: false, userId: zone.chiefs[2] as string, organizationId: zone.enterprises[2] as string },
    ];
    let nonEmpty = 0;
    for (let k = 0; k < 250; k++) {
      const filter = randomFilter(r, zone);
      const scope = r.pick(scopes);
      const rows = await t.database.db
        .select({ id: projects.id })
        .from(projects)
        .where(filterConditions(filter, scope));
      const expected = rows.map((x) => x.id).sort();
      let matching: Set<number> | undefined;
      if (needsDatabaseMatch(filter)) {
        // The text search and tag go to the ledger's SQL; deleted projects match as in the list's own query.
        const ids = await findMatchingIds(t.database.db, filter.q, filter.tag, filter.deleted === true);
        matching = new Set(ids.flatMap((id) => facts.slot(id) ?? []));
      }
      const selected = [
        ...selectProjects(facts, filter, scope, { industryParent: references.industryParent, matching }),
      ]
        .map((i) => facts.ids[i] as string)
        .sort();
      expect(
        selected,
        `${JSON.stringify(filter)} ${JSON.stringify(scope)} (seed ${SEED}, case ${k})`,
      ).toEqual(expected);
      if (expected.length) nonEmpty++;
    }
    // The property is only worth something if the filters select something often enough.
    expect(nonEmpty).toBeGreaterThan(60);
  });
});
