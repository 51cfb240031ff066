import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../iso-date.ts';
import { attributes } from './facts.fixture.ts';
import { Dictionary, GONE, LIGHT, monthOf, monthText, ProjectFacts } from './facts.ts';
import { selectProjects } from './filter.ts';

const day = (d: string) => toDayNumber(d) as number;
const stageName = (facts: ProjectFacts, code: number) => facts.stages.values[code];

describe('Dictionary', () => {
  it('codes none as 0 and does not grow when only looking up', () => {
    const d = new Dictionary();
    expect(d.code(null)).toBe(0);
    expect(d.code('')).toBe(0);
    expect(d.code('a')).toBe(1);
    expect(d.code('a')).toBe(1);
    expect(d.find('b')).toBe(-1);
    expect(d.size).toBe(2);
  });
});

describe('ProjectFacts.stageOn', () => {
  const facts = new ProjectFacts(16);
  const i = facts.setProject(attributes('p', { stage: 'in_operation' }));
  facts.setMoves(i, [
    { movedOn: '2025-03-01', from: 'construction_permit', to: 'under_construction' },
    { movedOn: '2026-01-10', from: 'under_construction', to: 'completion_acceptance' },
    { movedOn: '2026-01-10', from: 'completion_acceptance', to: 'in_operation' },
  ]);

  it('reads the stage entered by the last move on or before the day, the later recording winning a tie', () => {
    expect(stageName(facts, facts.stageOn(i, day('2025-03-01')))).toBe('under_construction');
    expect(stageName(facts, facts.stageOn(i, day('2025-12-31')))).toBe('under_construction');
    expect(stageName(facts, facts.stageOn(i, day('2026-01-10')))).toBe('in_operation');
  });

  it('reads the stage the first move left before it, and the current stage without moves', () => {
    expect(stageName(facts, facts.stageOn(i, day('2024-01-01')))).toBe('construction_permit');
    const j = facts.setProject(attributes('q', { stage: 'planning' }));
    expect(stageName(facts, facts.stageOn(j, day('2024-01-01')))).toBe('planning');
    facts.setMoves(j, [{ movedOn: '2025-01-01', from: null, to: 'signed' }]);
    // An initial record leaves no stage behind: before it, the current stage stands (as in stageOnSql).
    expect(stageName(facts, facts.stageOn(j, day('2024-01-01')))).toBe('planning');
  });
});

describe('ProjectFacts months', () => {
  it('keeps every project’s months when the table grows and when earlier months arrive', () => {
    const facts = new ProjectFacts(16);
    const m = monthOf('2026-03');
    facts.ensureMonths(m, m);
    const slots: number[] = [];
    for (let k = 0; k < 40; k++) {
      const i = facts.setProject(attributes(`p${k}`));
      facts.setMonth(i, m, k + 0.5);
      slots.push(i);
    }
    const earlier = monthOf('2020-01');
    facts.ensureMonths(earlier, earlier);
    facts.setMonth(slots[3] as number, earlier, 7);
    expect(slots.map((i) => facts.completedBetween(i, m, m))).toEqual(slots.map((_, k) => k + 0.5));
    expect(facts.completedBetween(slots[3] as number, earlier, m)).toBe(10.5);
    expect(facts.hasReport(slots[3] as number, earlier)).toBe(true);
    expect(facts.hasReport(slots[4] as number, earlier)).toBe(false);
    facts.clearMonths(slots[3] as number);
    expect(facts.completedBetween(slots[3] as number, earlier, m)).toBe(0);
    expect(monthText(m)).toBe('2026-03');
  });
});

describe('Arena', () => {
  it('keeps every project’s numbers through replacements and compactions', () => {
    const facts = new ProjectFacts(16);
    const expected = new Map<number, number[]>();
    let seed = 3;
    for (let round = 0; round < 2000; round++) {
      seed = (seed * 16807) % 2147483647;
      if (facts.count < 40) facts.setProject(attributes(`p${facts.count}`));
      const slot = seed % facts.count;
      const values = Array.from({ length: seed % 7 }, (_, k) => round * 10 + k);
      facts.lightChanges.set(slot, values);
      expected.set(slot, values);
    }
    const a = facts.lightChanges;
    for (const [slot, values] of expected) {
      expect([...a.data.subarray(a.offset[slot], (a.offset[slot] ?? 0) + (a.length[slot] ?? 0))]).toEqual(
        values,
      );
    }
  });
});

describe('ProjectFacts lights and removal', () => {
  it('reads the light before a moment from the history', () => {
    const facts = new ProjectFacts(16);
    const i = facts.setProject(attributes('p', { light: 'red' }));
    facts.setLightChanges(i, [
      { at: 1_000, color: 'green' },
      { at: 2_000, color: 'yellow' },
      { at: 3_000, color: null },
    ]);
    expect([500, 1_001, 2_000, 2_001, 5_000].map((at) => facts.lightBefore(i, at))).toEqual([
      LIGHT.none,
      LIGHT.green,
      LIGHT.green,
      LIGHT.yellow,
      LIGHT.none,
    ]);
    expect(facts.light[i]).toBe(LIGHT.red);
  });

  it('drops a project no longer in the database from live and recycle-bin selections alike', () => {
    const facts = new ProjectFacts(16);
    facts.setProject(attributes('p'));
    facts.setProject(attributes('q', { deleted: true }));
    facts.removeProject('p');
    facts.removeProject('q');
    expect(facts.deleted[0]).toBe(GONE);
    const opts = { industryParent: new Map<string, string | null>() };
    expect(selectProjects(facts, {}, { all: true }, opts)).toHaveLength(0);
    expect(selectProjects(facts, { deleted: true }, { all: true }, opts)).toHaveLength(0);
  });
});

describe('ProjectFacts items', () => {
  it('packs items and leaves out status changes that change nothing', () => {
    const facts = new ProjectFacts(16);
    const i = facts.setProject(attributes('p'));
    facts.setItems(i, [
      {
        deadline: 100,
        raisedAt: 10,
        raisedBy: 'u1',
        openNow: true,
        changes: [
          { at: 10, open: true },
          { at: 20, open: true },
          { at: 30, open: false },
          { at: 40, open: true },
        ],
        departments: ['d1', 'd2'],
      },
    ]);
    const u1 = facts.users.find('u1');
    const d1 = facts.organizations.find('d1');
    const d2 = facts.organizations.find('d2');
    const packed = () => {
      const a = facts.items;
      return [...a.data.subarray(a.offset[i], (a.offset[i] ?? 0) + (a.length[i] ?? 0))];
    };
    expect(packed()).toEqual([1, 100, 10, u1, 1, 2, 30, 0, 40, 1, 2, d1, d2]);
    facts.setItems(i, []);
    expect(packed()).toEqual([]);
  });
});
