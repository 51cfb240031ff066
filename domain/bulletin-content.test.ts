import { describe, expect, it } from 'vitest';
import {
  buildBulletinBlocks,
  bulletinFileName,
  formatPercent,
  lastDayOfMonth,
  lastEndedMonth,
  monthsToDate,
  overdueByDepartment,
  percentOf,
} from './bulletin-content.ts';
import { lifecycleStages } from './codelists.ts';
import type { OfficialBlock } from './official-document.ts';
import type { BulletinFigures } from './schemas/bulletins.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function figures(overrides: Partial<BulletinFigures> = {}): BulletinFigures {
  return {
    month: '2026-10',
    asOf: '2026-10-31',
    generatedOn: '2026-11-06',
    stages: lifecycleStages.codes.map((stage) => ({
      stage,
      count: stage === 'under_construction' ? 5 : stage === 'signed' ? 2 : 0,
    })),
    investment: {
      year: 2026,
      month: 10,
      projectCount: 4,
      annualPlan: 283_600,
      plannedSharePct: 83.33,
      plannedCumulative: 236_333.3333,
      completedCumulative: 201_050,
      completedInMonth: 10_050,
      annualCompletionPct: 70.89,
      scheduleCompletionPct: 85.07,
    },
    startsAndCompletions: {
      startedThisYear: 3,
      startedInMonth: 1,
      completedThisYear: 2,
      completedInMonth: 0,
    },
    warnings: {
      evaluatedMonth: '2026-10',
      red: 1,
      yellow: 1,
      projects: [
        {
          projectId: id(1),
          projectName: '科学大道二期',
          color: 'red',
          chiefName: '张项目长',
          reasons: ['开工滞后 7 个月', '年度投资完成率低于序时进度 30 个百分点'],
        },
        { projectId: id(2), projectName: '科学会堂', color: 'yellow', chiefName: null, reasons: [] },
      ],
    },
    overdueItems: {
      total: 2,
      departments: [
        { departmentId: id(11), departmentName: '规划和自然资源局', items: 2, maxOverdueWorkingDays: 12 },
        { departmentId: id(12), departmentName: '建设局', items: 1, maxOverdueWorkingDays: null },
      ],
    },
    inspections: {
      projectCount: 3,
      inspectedCount: 2,
      coveragePct: 66.67,
      chiefs: [
        { chiefUserId: id(21), chiefName: '李项目长', projectCount: 1, inspectedCount: 1, coveragePct: 100 },
        { chiefUserId: id(22), chiefName: '张项目长', projectCount: 2, inspectedCount: 1, coveragePct: 50 },
      ],
    },
    fieldReview: {
      reviewId: id(31),
      quarter: '2026-Q3',
      quarterLabel: '2026年第三季度',
      title: '三季度重点项目拉练',
      closedOn: '2026-10-20',
      projects: [
        {
          projectId: id(1),
          projectName: '科学会堂',
          rank: 1,
          rankLabel: '第1名',
          score: 92.5,
          vanguard: true,
        },
        {
          projectId: id(2),
          projectName: '科学大道二期',
          rank: null,
          rankLabel: '未评分',
          score: null,
          vanguard: false,
        },
      ],
    },
    dispatchActions: {
      total: 1,
      actions: [
        {
          actionId: id(41),
          meetingTitle: '2026年第5次双月调度会',
          meetingDate: '2026-09-15',
          sequence: 2,
          content: '协调解决施工用电',
          ownerOrganizationName: '经济发展局',
          deadline: '2026-09-29',
          projectName: '科学大道二期',
        },
      ],
    },
    ...overrides,
  };
}

const texts = (blocks: OfficialBlock[]) => blocks.flatMap((b) => (b.kind === 'table' ? [] : [b.text]));
const tables = (blocks: OfficialBlock[]) => blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));

describe('bulletin dates and numbers', () => {
  it('finds the last day of a month, leap years included', () => {
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
    expect(() => lastDayOfMonth('2026-13')).toThrow(RangeError);
  });

  it('defaults to the last month that has ended, across a new year', () => {
    expect(lastEndedMonth('2026-11-01')).toBe('2026-10');
    expect(lastEndedMonth('2027-01-31')).toBe('2026-12');
  });

  it('writes percentages with 2 decimals and a dash where there is nothing to divide by', () => {
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(1, 0)).toBeNull();
    expect(formatPercent(73.5)).toBe('73.50%');
    expect(formatPercent(null)).toBe('—');
    expect(monthsToDate(1)).toBe('1月');
    expect(monthsToDate(10)).toBe('1—10月');
  });

  it('names a later version in the file name', () => {
    expect(bulletinFileName('科学城管委〔2026〕3号', '关于2026年10月重点项目推进情况的通报', 1)).toBe(
      '科学城管委〔2026〕3号关于2026年10月重点项目推进情况的通报.docx',
    );
    expect(bulletinFileName('管委〔2026〕3号', '关于', 2)).toBe('管委〔2026〕3号关于（第2版）.docx');
  });
});

describe('overdueByDepartment', () => {
  it('counts an item for each assigned department, most items and longest overdue first', () => {
    const planning = { id: id(11), name: '规划和自然资源局' };
    const building = { id: id(12), name: '建设局' };
    const economy = { id: id(13), name: '经济发展局' };
    expect(
      overdueByDepartment([
        { departments: [planning, building], overdueWorkingDays: 3 },
        { departments: [planning], overdueWorkingDays: 12 },
        { departments: [economy], overdueWorkingDays: 7 },
        { departments: [building], overdueWorkingDays: null },
      ]),
    ).toEqual([
      { departmentId: id(11), departmentName: '规划和自然资源局', items: 2, maxOverdueWorkingDays: 12 },
      { departmentId: id(12), departmentName: '建设局', items: 2, maxOverdueWorkingDays: 3 },
      { departmentId: id(13), departmentName: '经济发展局', items: 1, maxOverdueWorkingDays: 7 },
    ]);
  });

  it('leaves the longest overdue unknown when no item of the department could be counted', () => {
    expect(
      overdueByDepartment([{ departments: [{ id: id(1), name: '甲' }], overdueWorkingDays: null }]),
    ).toEqual([{ departmentId: id(1), departmentName: '甲', items: 1, maxOverdueWorkingDays: null }]);
  });
});

describe('buildBulletinBlocks', () => {
  it('numbers the six sections in order with 黑体-level headings', () => {
    const headings = buildBulletinBlocks(figures()).filter((b) => b.kind === 'heading');
    expect(headings).toEqual(
      [
        '一、总体情况',
        '二、红黄灯项目',
        '三、问题协调',
        '四、项目长督查',
        '五、一季一拉练',
        '六、调度议定事项',
      ].map((text) => ({ kind: 'heading', level: 1, text })),
    );
  });

  it('states the headline figures in 亿元 and percent', () => {
    const lines = texts(buildBulletinBlocks(figures()));
    expect(lines).toContain(
      '截至2026年10月底，全区纳入监测的项目共7个，其中在建项目5个。各阶段项目数如下表。',
    );
    expect(lines).toContain(
      '2026年，全区4个项目纳入年度投资计划，年度计划投资28.36亿元。截至10月底，累计完成投资20.11亿元，完成年度计划的70.89%（序时进度83.33%）；其中10月完成投资1.01亿元。',
    );
    expect(lines).toContain('2026年1—10月，全区新开工项目3个、竣工项目2个；其中10月新开工1个、竣工0个。');
  });

  it('lists every stage in chain order with a total', () => {
    const [stages] = tables(buildBulletinBlocks(figures()));
    expect(stages?.columns.map((c) => c.title)).toEqual(['项目阶段', '项目数（个）']);
    expect(stages?.rows).toEqual([
      ...lifecycleStages.list.map((s) => [
        s.label.zh,
        s.code === 'under_construction' ? 5 : s.code === 'signed' ? 2 : 0,
      ]),
      ['合计', 7],
    ]);
  });

  it('tables red and yellow projects with their reasons, overdue items by department, coverage by chief', () => {
    const blocks = buildBulletinBlocks(figures());
    const lines = texts(blocks);
    const [, warned, departments, chiefs, ranking, actions] = tables(blocks);
    expect(lines).toContain(
      '按2026年10月数据研判，截至2026年11月6日，全区有红灯项目1个、黄灯项目1个，名单及原因如下。',
    );
    expect(warned?.rows).toEqual([
      [1, '科学大道二期', '红灯', '张项目长', '开工滞后 7 个月；年度投资完成率低于序时进度 30 个百分点'],
      [2, '科学会堂', '黄灯', '—', '—'],
    ]);
    expect(lines).toContain(
      '截至2026年10月31日，逾期未办结的协调事项共2件，涉及2个责任部门（同一事项由多个部门办理的，分别计入各部门）。各部门逾期事项如下。',
    );
    expect(departments?.rows).toEqual([
      [1, '规划和自然资源局', 2, 12],
      [2, '建设局', 1, '—'],
    ]);
    expect(lines).toContain(
      '2026年10月，2名项目长负责的3个项目中，2个开展了月度督查，督查覆盖率66.67%；1个项目未开展督查。',
    );
    expect(chiefs?.rows).toEqual([
      [1, '李项目长', 1, 1, '100.00%'],
      [2, '张项目长', 2, 1, '50.00%'],
    ]);
    expect(lines).toContain(
      '2026年第三季度拉练“三季度重点项目拉练”于2026年10月20日结束，2个项目参加评比，排名如下（“★”为争先锋项目）。',
    );
    expect(ranking?.rows).toEqual([
      ['第1名', '科学会堂', '92.50', '★'],
      ['未评分', '科学大道二期', '—', ''],
    ]);
    expect(lines).toContain('截至2026年11月6日，调度会议定事项逾期未完成1项，具体如下。');
    expect(actions?.rows).toEqual([
      [1, '科学大道二期：协调解决施工用电', '经济发展局', '2026年9月29日', '2026年第5次双月调度会（第2项）'],
    ]);
    expect(lines.at(-1)).toBe('（本通报数据由数字管家平台于2026年11月6日生成。）');
  });

  it('says so where a section has nothing to report, and words January without a month range', () => {
    const blocks = buildBulletinBlocks(
      figures({
        month: '2027-01',
        asOf: '2027-01-31',
        investment: { ...figures().investment, year: 2027, month: 1, projectCount: 0 },
        warnings: { evaluatedMonth: '2026-12', red: 0, yellow: 0, projects: [] },
        overdueItems: { total: 0, departments: [] },
        inspections: { projectCount: 0, inspectedCount: 0, coveragePct: null, chiefs: [] },
        fieldReview: null,
        dispatchActions: { total: 0, actions: [] },
      }),
    );
    const lines = texts(blocks);
    expect(tables(blocks)).toHaveLength(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        '2027年尚无项目下达年度投资计划。',
        '2027年1月，全区新开工项目3个、竣工项目2个。',
        '按2026年12月数据研判，截至2026年11月6日，全区无红灯、黄灯项目。',
        '截至2027年1月31日，无逾期未办结的协调事项。',
        '2027年1月，无应开展月度督查的项目。',
        '截至2027年1月31日，尚无已结束的季度拉练。',
        '截至2026年11月6日，调度会议定事项无逾期未完成。',
      ]),
    );
  });

  it('notes full coverage when every project was inspected', () => {
    const lines = texts(
      buildBulletinBlocks(
        figures({
          inspections: {
            projectCount: 1,
            inspectedCount: 1,
            coveragePct: 100,
            chiefs: [
              {
                chiefUserId: id(21),
                chiefName: '李项目长',
                projectCount: 1,
                inspectedCount: 1,
                coveragePct: 100,
              },
            ],
          },
        }),
      ),
    );
    expect(lines).toContain(
      '2026年10月，1名项目长负责的1个项目中，1个开展了月度督查，督查覆盖率100.00%，实现全覆盖。',
    );
  });
});
