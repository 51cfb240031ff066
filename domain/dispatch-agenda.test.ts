import { describe, expect, it } from 'vitest';
import {
  type AgendaActionInput,
  type AgendaOverdueItemInput,
  type AgendaProjectInput,
  DispatchAgendaCapsSchema,
  DispatchAgendaSchema,
  proposeDispatchAgenda,
} from './dispatch-agenda.ts';

/** A valid v4 uuid ending in n, so the output can be checked against the response schema. */
function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const avenue = { projectId: id(1), projectName: '科学大道', totalInvestment: 500_000 };
const tunnel = { projectId: id(2), projectName: '科学城隧道', totalInvestment: 300_000 };
const valley = { projectId: id(3), projectName: '科学谷', totalInvestment: 120_000 };
const device = { projectId: id(4), projectName: '超瞬态实验装置', totalInvestment: 80_000 };

const investmentBehind = {
  code: 'investment_behind_schedule',
  color: 'red' as const,
  zh: '投资落后序时进度 35 个百分点',
  en: 'Investment 35 points behind schedule',
};

function overdueItem(n: number, over: Partial<AgendaOverdueItemInput> = {}): AgendaOverdueItemInput {
  return {
    ...valley,
    itemId: id(100 + n),
    title: `问题 ${n}`,
    departmentNames: ['规划和自然资源局'],
    overdueWorkingDays: 3,
    escalationLevel: 1,
    ...over,
  };
}

function action(n: number, over: Partial<AgendaActionInput> = {}): AgendaActionInput {
  return {
    actionId: id(200 + n),
    title: `议定事项 ${n}`,
    ownerName: '张伟',
    deadline: '2026-10-20',
    overdueWorkingDays: 0,
    decidedOn: '2026-09-10',
    sequence: n,
    ...over,
  };
}

describe('proposeDispatchAgenda', () => {
  it('opens with the previous meeting’s unfinished actions, then red, yellow, overdue, decisions, late starts', () => {
    const agenda = proposeDispatchAgenda({
      lateStarts: [{ ...device, monthsLate: 2 }],
      decisions: [{ ...tunnel, itemId: id(150), title: '征地补偿标准' }],
      overdueItems: [overdueItem(1)],
      projects: [
        { ...valley, color: 'yellow', reasons: [] },
        { ...avenue, color: 'red', reasons: [investmentBehind] },
      ],
      unfinishedActions: [action(1)],
    });
    expect(agenda.items.map((i) => i.kind)).toEqual([
      'unfinished_action',
      'red_project',
      'yellow_project',
      'overdue_item',
      'decision',
      'late_start',
    ]);
    expect(DispatchAgendaSchema.safeParse(agenda).success).toBe(true);
  });

  it('lists a red project that is also late to start once, with both reasons', () => {
    const agenda = proposeDispatchAgenda({
      projects: [{ ...avenue, color: 'red', reasons: [investmentBehind] }],
      lateStarts: [{ ...avenue, monthsLate: 3, plannedStartMonth: '2026-06' }],
    });
    expect(agenda.items).toHaveLength(1);
    expect(agenda.items[0]).toEqual({
      kind: 'red_project',
      refs: { projectId: avenue.projectId },
      title: { zh: '科学大道（红灯）', en: '科学大道 (red)' },
      reasons: [
        { code: 'investment_behind_schedule', zh: investmentBehind.zh, en: investmentBehind.en },
        {
          code: 'start_delayed',
          zh: '计划 2026-06 开工，已滞后 3 个月',
          en: 'Planned to start in 2026-06; 3 months late',
        },
      ],
    });
  });

  it('does not repeat a late start the warning engine already gave as a reason', () => {
    const delayed = {
      code: 'start_delayed',
      color: 'red' as const,
      zh: '连续 3 个月未开工',
      en: 'Not started for 3 months',
    };
    const agenda = proposeDispatchAgenda({
      projects: [{ ...avenue, color: 'red', reasons: [delayed] }],
      lateStarts: [{ ...avenue, monthsLate: 3 }],
    });
    expect(agenda.items).toHaveLength(1);
    expect(agenda.items[0]?.reasons).toEqual([{ code: 'start_delayed', zh: delayed.zh, en: delayed.en }]);
  });

  it('lists a late start of a green project in the late-start section, most months late first', () => {
    const agenda = proposeDispatchAgenda({
      projects: [{ ...device, color: 'green', reasons: [] }],
      lateStarts: [
        { ...device, monthsLate: 1 },
        { ...valley, monthsLate: 4 },
        { ...tunnel, monthsLate: 0 },
      ],
    });
    expect(agenda.items.map((i) => [i.kind, i.refs.projectId])).toEqual([
      ['late_start', valley.projectId],
      ['late_start', device.projectId],
    ]);
    expect(agenda.items[1]?.reasons[0]?.zh).toBe('开工已滞后 1 个月');
    expect(agenda.items[1]?.reasons[0]?.en).toBe('Start 1 month late');
  });

  it('leaves out green reasons, which explain what is fine', () => {
    const onSchedule = {
      code: 'investment_on_schedule',
      color: 'green' as const,
      zh: '投资符合序时',
      en: 'On schedule',
    };
    const agenda = proposeDispatchAgenda({
      projects: [
        { ...valley, color: 'yellow', reasons: [onSchedule, { ...investmentBehind, color: 'yellow' }] },
      ],
    });
    expect(agenda.items[0]?.reasons.map((r) => r.code)).toEqual(['investment_behind_schedule']);
  });

  it('orders lit projects by investment, then by name in pinyin order', () => {
    const sameMoney = 100_000;
    const projects: AgendaProjectInput[] = [
      { projectId: id(11), projectName: '坪山大道', totalInvestment: sameMoney, color: 'red', reasons: [] },
      { projectId: id(12), projectName: '科学大道', totalInvestment: sameMoney, color: 'red', reasons: [] },
      { projectId: id(13), projectName: '白市驿', totalInvestment: sameMoney, color: 'red', reasons: [] },
      { projectId: id(14), projectName: '金凤', totalInvestment: null, color: 'red', reasons: [] },
      { projectId: id(15), projectName: '虎溪', totalInvestment: 900_000, color: 'red', reasons: [] },
    ];
    const names = proposeDispatchAgenda({ projects }).items.map((i) => i.title.zh);
    expect(names).toEqual([
      '虎溪（红灯）',
      '白市驿（红灯）',
      '科学大道（红灯）',
      '坪山大道（红灯）',
      '金凤（红灯）',
    ]);
  });

  it('orders overdue items by escalation level, then overdue days (uncountable last), then investment', () => {
    const items = [
      overdueItem(1, { escalationLevel: 1, overdueWorkingDays: 4 }),
      overdueItem(2, { escalationLevel: 2, overdueWorkingDays: 5 }),
      overdueItem(3, { escalationLevel: 1, overdueWorkingDays: null }),
      overdueItem(4, { escalationLevel: 2, overdueWorkingDays: 9 }),
      overdueItem(5, { escalationLevel: 1, overdueWorkingDays: 4, ...avenue }),
    ];
    const order = proposeDispatchAgenda({ overdueItems: items }).items.map((i) => i.refs.itemId);
    expect(order).toEqual([id(104), id(102), id(105), id(101), id(103)]);
  });

  it('says which departments are overdue by how many working days, and the escalation', () => {
    const agenda = proposeDispatchAgenda({
      overdueItems: [
        overdueItem(1, {
          departmentNames: ['规划和自然资源局', '住房城乡建委'],
          overdueWorkingDays: 6,
          escalationLevel: 2,
        }),
        overdueItem(2, { overdueWorkingDays: null, escalationLevel: 0 }),
      ],
    });
    expect(agenda.items[0]).toMatchObject({
      title: { zh: '科学谷：问题 1', en: '科学谷: 问题 1' },
      refs: { projectId: valley.projectId, itemId: id(101) },
      reasons: [
        { code: 'coordination_overdue', zh: '规划和自然资源局、住房城乡建委逾期 6 个工作日未办结' },
        { code: 'escalated', zh: '已督办（第 2 级）', en: 'Escalated (level 2)' },
      ],
    });
    expect(agenda.items[1]?.reasons).toEqual([
      {
        code: 'coordination_overdue',
        zh: '规划和自然资源局逾期未办结（逾期工作日数暂无法计算）',
        en: '规划和自然资源局: overdue (working days cannot be counted yet)',
      },
    ]);
  });

  it('lists an overdue item that also needs a decision once, among the overdue items', () => {
    const agenda = proposeDispatchAgenda({
      overdueItems: [overdueItem(1)],
      decisions: [
        { ...valley, itemId: id(101), title: '问题 1', note: '涉及跨区用地指标' },
        { ...tunnel, itemId: id(150), title: '征地补偿标准' },
      ],
    });
    expect(agenda.items.map((i) => [i.kind, i.refs.itemId])).toEqual([
      ['overdue_item', id(101)],
      ['decision', id(150)],
    ]);
    expect(agenda.items[0]?.reasons.at(-1)).toEqual({
      code: 'decision_needed',
      zh: '需领导决策：涉及跨区用地指标',
      en: "Needs a leader's decision: 涉及跨区用地指标",
    });
  });

  it('keeps unfinished actions in the order they were agreed and says which are overdue', () => {
    const agenda = proposeDispatchAgenda({
      unfinishedActions: [
        action(2, { overdueWorkingDays: 1 }),
        action(1, { decidedOn: '2026-11-05', overdueWorkingDays: -3 }),
        action(1, { actionId: id(299), overdueWorkingDays: null }),
      ],
    });
    expect(agenda.items.map((i) => i.refs.actionId)).toEqual([id(299), id(202), id(201)]);
    expect(agenda.items.map((i) => i.reasons[0]?.zh)).toEqual([
      '责任人张伟，期限 2026-10-20，未完成（逾期工作日数暂无法计算）',
      '责任人张伟，期限 2026-10-20，已逾期 1 个工作日',
      '责任人张伟，期限 2026-10-20，尚未完成',
    ]);
    expect(agenda.items[1]?.title).toEqual({
      zh: '2026-09-10 会议议定事项：议定事项 2',
      en: 'Action agreed on 2026-09-10: 议定事项 2',
    });
  });

  it('caps each section and counts what it left out, never capping unfinished actions by default', () => {
    const actions = Array.from({ length: 15 }, (_, i) => action(i + 1));
    const items = Array.from({ length: 4 }, (_, i) => overdueItem(i + 1, { overdueWorkingDays: 10 - i }));
    const agenda = proposeDispatchAgenda(
      { unfinishedActions: actions, overdueItems: items, lateStarts: [{ ...device, monthsLate: 2 }] },
      { overdue_item: 2, late_start: 0 },
    );
    expect(agenda.items.filter((i) => i.kind === 'unfinished_action')).toHaveLength(15);
    expect(agenda.items.filter((i) => i.kind === 'overdue_item').map((i) => i.refs.itemId)).toEqual([
      id(101),
      id(102),
    ]);
    expect(agenda.omitted).toEqual({
      unfinished_action: 0,
      red_project: 0,
      yellow_project: 0,
      overdue_item: 2,
      decision: 0,
      late_start: 1,
    });
  });

  it('gives the same agenda whatever order the inputs come in', () => {
    const input = {
      projects: [
        { ...avenue, color: 'red' as const, reasons: [] },
        { ...tunnel, color: 'red' as const, reasons: [] },
        { ...valley, color: 'yellow' as const, reasons: [] },
      ],
      overdueItems: [overdueItem(1), overdueItem(2), overdueItem(3, { ...tunnel })],
      unfinishedActions: [action(1), action(2), action(3)],
    };
    const reversed = {
      projects: [...input.projects].reverse(),
      overdueItems: [...input.overdueItems].reverse(),
      unfinishedActions: [...input.unfinishedActions].reverse(),
    };
    expect(proposeDispatchAgenda(reversed)).toEqual(proposeDispatchAgenda(input));
  });

  it('lists a project given twice once, with its worst colour', () => {
    const agenda = proposeDispatchAgenda({
      projects: [
        { ...avenue, color: 'yellow', reasons: [{ ...investmentBehind, color: 'yellow' }] },
        { ...avenue, color: 'red', reasons: [investmentBehind] },
      ],
    });
    expect(agenda.items.map((i) => i.kind)).toEqual(['red_project']);
    expect(agenda.items[0]?.reasons).toHaveLength(1);
  });

  it('proposes an empty agenda when nothing needs the meeting', () => {
    expect(proposeDispatchAgenda({}).items).toEqual([]);
  });
});

describe('DispatchAgendaCapsSchema', () => {
  it('fills in the defaults', () => {
    expect(DispatchAgendaCapsSchema.parse({})).toEqual({
      unfinished_action: null,
      red_project: 20,
      yellow_project: 10,
      overdue_item: 10,
      decision: 10,
      late_start: 10,
    });
  });

  it('rejects a negative or fractional cap with a bilingual message', () => {
    expect(DispatchAgendaCapsSchema.safeParse({ red_project: -1 }).error?.issues[0]?.message).toBe(
      '事项数不能小于 0',
    );
    expect(DispatchAgendaCapsSchema.safeParse({ decision: 2.5 }).error?.issues[0]?.message).toBe(
      '事项数应为整数',
    );
  });
});
