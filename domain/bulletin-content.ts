/**
 * The monthly bulletin's (通报, issue #4) content: its figures (domain/schemas/bulletins.ts) turned into the numbered
 * sections, sentences and tables of a government document. Pure, so that the wording is unit-tested; the server
 * renders the blocks (domain/official-document.ts) with server/core/official-document.ts.
 *
 * Sections: 一、总体情况 二、红黄灯项目 三、问题协调 四、项目长督查 五、一季一拉练 六、调度议定事项. Numbers are written as
 * the platform gives them: amounts in 亿元 with 2 decimals (formatYiYuan), percentages with 2 decimals.
 */

import { formatChineseDate, formatChineseMonth, formatYiYuan, headingNumber } from './bulletin-number.ts';
import { lifecycleStages } from './codelists.ts';
import { addDays, type IsoDate, type IsoMonth, toMonthNumber } from './iso-date.ts';
import type { OfficialBlock, OfficialTable } from './official-document.ts';
import { hundredthsOfPercent } from './schedule.ts';
import type { BulletinFigures } from './schemas/bulletins.ts';

/** The last day of a month: 2026-02 → 2026-02-28. Throws RangeError on an invalid month. */
export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const n = toMonthNumber(month);
  if (n === null) throw new RangeError(`Invalid month "${month}": expected YYYY-MM`);
  const next = n + 1;
  const nextStart = `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-01`;
  return addDays(nextStart, -1);
}

/** The last month that has ended by `today`: the default month of a bulletin. */
export function lastEndedMonth(today: IsoDate): IsoMonth {
  return addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** part ÷ whole in percent with 2 decimals (half away from zero), null without a whole. */
export function percentOf(part: number, whole: number): number | null {
  const h = hundredthsOfPercent(part, whole);
  return h === null ? null : h / 100;
}

/** 73.35 → '73.35%', null → '—' (nothing to divide by). */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)}%`;
}

/**
 * Overdue coordination items per assigned department, most items first (then the longest overdue, then the name).
 * An item assigned to two departments counts for each: each of them owes the answer.
 */
export function overdueByDepartment(
  items: readonly {
    departments: readonly { id: string; name: string }[];
    overdueWorkingDays: number | null;
  }[],
): BulletinFigures['overdueItems']['departments'] {
  const byId = new Map<string, BulletinFigures['overdueItems']['departments'][number]>();
  for (const item of items) {
    for (const d of item.departments) {
      const row = byId.get(d.id) ?? {
        departmentId: d.id,
        departmentName: d.name,
        items: 0,
        maxOverdueWorkingDays: null,
      };
      row.items++;
      if (item.overdueWorkingDays !== null) {
        row.maxOverdueWorkingDays = Math.max(row.maxOverdueWorkingDays ?? 0, item.overdueWorkingDays);
      }
      byId.set(d.id, row);
    }
  }
  return [...byId.values()].sort(
    (a, b) =>
      b.items - a.items ||
      (b.maxOverdueWorkingDays ?? -1) - (a.maxOverdueWorkingDays ?? -1) ||
      a.departmentName.localeCompare(b.departmentName, 'zh-CN'),
  );
}

/** '1—10月' for the months of the year up to `month` (1–12); '1月' in January. */
export function monthsToDate(month: number): string {
  return month === 1 ? '1月' : `1—${month}月`;
}

const stageName = (code: string) => lifecycleStages.list.find((s) => s.code === code)?.label.zh ?? code;
const colorName = { red: '红灯', yellow: '黄灯' } as const;
const dash = '—';

function heading(n: number, text: string): OfficialBlock {
  return { kind: 'heading', level: 1, text: `${headingNumber(1, n)}${text}` };
}
const paragraph = (text: string): OfficialBlock => ({ kind: 'paragraph', text });
const table = (columns: OfficialTable['columns'], rows: OfficialTable['rows']): OfficialBlock => ({
  kind: 'table',
  table: { columns, rows },
});

function overview(f: BulletinFigures): OfficialBlock[] {
  const m = Number(f.month.slice(5, 7));
  const monthCn = formatChineseMonth(f.month);
  const total = f.stages.reduce((a, s) => a + s.count, 0);
  const building = f.stages.find((s) => s.stage === 'under_construction')?.count ?? 0;
  const blocks: OfficialBlock[] = [
    heading(1, '总体情况'),
    paragraph(
      `截至${monthCn}底，全区纳入监测的项目共${total}个，其中在建项目${building}个。各阶段项目数如下表。`,
    ),
    table(
      [
        { title: '项目阶段', width: 3 },
        { title: '项目数（个）', width: 2 },
      ],
      [...f.stages.map((s) => [stageName(s.stage), s.count]), ['合计', total]],
    ),
  ];
  const inv = f.investment;
  if (inv.projectCount === 0) {
    blocks.push(paragraph(`${inv.year}年尚无项目下达年度投资计划。`));
  } else {
    const inMonth = m === 1 ? '' : `；其中${m}月完成投资${formatYiYuan(inv.completedInMonth)}亿元`;
    blocks.push(
      paragraph(
        `${inv.year}年，全区${inv.projectCount}个项目纳入年度投资计划，年度计划投资${formatYiYuan(inv.annualPlan)}亿元。` +
          `截至${m}月底，累计完成投资${formatYiYuan(inv.completedCumulative)}亿元，完成年度计划的${formatPercent(inv.annualCompletionPct)}` +
          `（序时进度${formatPercent(inv.plannedSharePct)}）${inMonth}。`,
      ),
    );
  }
  const sc = f.startsAndCompletions;
  blocks.push(
    paragraph(
      `${f.month.slice(0, 4)}年${monthsToDate(m)}，全区新开工项目${sc.startedThisYear}个、竣工项目${sc.completedThisYear}个` +
        (m === 1 ? '。' : `；其中${m}月新开工${sc.startedInMonth}个、竣工${sc.completedInMonth}个。`),
    ),
  );
  return blocks;
}

function warnings(f: BulletinFigures): OfficialBlock[] {
  const w = f.warnings;
  const judged = `按${formatChineseMonth(w.evaluatedMonth)}数据研判`;
  const blocks: OfficialBlock[] = [heading(2, '红黄灯项目')];
  if (w.projects.length === 0) {
    blocks.push(paragraph(`${judged}，截至${formatChineseDate(f.generatedOn)}，全区无红灯、黄灯项目。`));
    return blocks;
  }
  blocks.push(
    paragraph(
      `${judged}，截至${formatChineseDate(f.generatedOn)}，全区有红灯项目${w.red}个、黄灯项目${w.yellow}个，名单及原因如下。`,
    ),
    table(
      [
        { title: '序号', width: 1 },
        { title: '项目名称', width: 4 },
        { title: '预警', width: 1.4 },
        { title: '项目长', width: 1.8 },
        { title: '预警原因', width: 6 },
      ],
      w.projects.map((p, i) => [
        i + 1,
        p.projectName,
        colorName[p.color],
        p.chiefName ?? dash,
        p.reasons.join('；') || dash,
      ]),
    ),
  );
  return blocks;
}

function coordination(f: BulletinFigures): OfficialBlock[] {
  const o = f.overdueItems;
  const blocks: OfficialBlock[] = [heading(3, '问题协调')];
  const asOf = formatChineseDate(f.asOf);
  if (o.total === 0) {
    blocks.push(paragraph(`截至${asOf}，无逾期未办结的协调事项。`));
    return blocks;
  }
  blocks.push(
    paragraph(
      `截至${asOf}，逾期未办结的协调事项共${o.total}件，涉及${o.departments.length}个责任部门（同一事项由多个部门办理的，分别计入各部门）。各部门逾期事项如下。`,
    ),
    table(
      [
        { title: '序号', width: 1 },
        { title: '责任部门', width: 5 },
        { title: '逾期事项（件）', width: 2 },
        { title: '最长逾期（工作日）', width: 2.4 },
      ],
      o.departments.map((d, i) => [i + 1, d.departmentName, d.items, d.maxOverdueWorkingDays ?? dash]),
    ),
  );
  return blocks;
}

function inspections(f: BulletinFigures): OfficialBlock[] {
  const s = f.inspections;
  const monthCn = formatChineseMonth(f.month);
  const blocks: OfficialBlock[] = [heading(4, '项目长督查')];
  if (s.projectCount === 0) {
    blocks.push(paragraph(`${monthCn}，无应开展月度督查的项目。`));
    return blocks;
  }
  const missing = s.projectCount - s.inspectedCount;
  blocks.push(
    paragraph(
      `${monthCn}，${s.chiefs.length}名项目长负责的${s.projectCount}个项目中，${s.inspectedCount}个开展了月度督查，督查覆盖率${formatPercent(s.coveragePct)}` +
        (missing > 0 ? `；${missing}个项目未开展督查。` : '，实现全覆盖。'),
    ),
    table(
      [
        { title: '序号', width: 1 },
        { title: '项目长', width: 3 },
        { title: '负责项目（个）', width: 2 },
        { title: '已督查（个）', width: 2 },
        { title: '督查覆盖率', width: 2 },
      ],
      s.chiefs.map((c, i) => [
        i + 1,
        c.chiefName,
        c.projectCount,
        c.inspectedCount,
        formatPercent(c.coveragePct),
      ]),
    ),
  );
  return blocks;
}

function fieldReview(f: BulletinFigures): OfficialBlock[] {
  const r = f.fieldReview;
  const blocks: OfficialBlock[] = [heading(5, '一季一拉练')];
  if (!r) {
    blocks.push(paragraph(`截至${formatChineseDate(f.asOf)}，尚无已结束的季度拉练。`));
    return blocks;
  }
  blocks.push(
    paragraph(
      `${r.quarterLabel}拉练“${r.title}”于${formatChineseDate(r.closedOn)}结束，${r.projects.length}个项目参加评比，排名如下（“★”为争先锋项目）。`,
    ),
    table(
      [
        { title: '名次', width: 1.6 },
        { title: '项目名称', width: 5 },
        { title: '得分', width: 1.4 },
        { title: '争先锋', width: 1.2 },
      ],
      r.projects.map((p) => [
        p.rankLabel,
        p.projectName,
        p.score === null ? dash : p.score.toFixed(2),
        p.vanguard ? '★' : '',
      ]),
    ),
  );
  return blocks;
}

function dispatch(f: BulletinFigures): OfficialBlock[] {
  const d = f.dispatchActions;
  const blocks: OfficialBlock[] = [heading(6, '调度议定事项')];
  // The dispatch list tells which actions are overdue today, not on a past day: the sentence says so.
  const asOf = formatChineseDate(f.generatedOn);
  if (d.total === 0) {
    blocks.push(paragraph(`截至${asOf}，调度会议定事项无逾期未完成。`));
    return blocks;
  }
  blocks.push(
    paragraph(`截至${asOf}，调度会议定事项逾期未完成${d.total}项，具体如下。`),
    table(
      [
        { title: '序号', width: 1 },
        { title: '议定事项', width: 6 },
        { title: '责任单位', width: 3 },
        { title: '完成期限', width: 2.2 },
        { title: '会议', width: 3 },
      ],
      d.actions.map((a, i) => [
        i + 1,
        a.projectName ? `${a.projectName}：${a.content}` : a.content,
        a.ownerOrganizationName,
        formatChineseDate(a.deadline),
        `${a.meetingTitle}（第${a.sequence}项）`,
      ]),
    ),
  );
  return blocks;
}

/** The bulletin's body: six numbered sections, then the request to act and where the figures come from. */
export function buildBulletinBlocks(f: BulletinFigures): OfficialBlock[] {
  return [
    ...overview(f),
    ...warnings(f),
    ...coordination(f),
    ...inspections(f),
    ...fieldReview(f),
    ...dispatch(f),
    paragraph('请各有关部门、各项目长对照本通报，抓紧推进问题整改和项目建设。'),
    paragraph(`（本通报数据由数字管家平台于${formatChineseDate(f.generatedOn)}生成。）`),
  ];
}

/** 科学城管委〔2026〕11号关于2026年10月重点项目推进情况的通报.docx; a later version says which it is. */
export function bulletinFileName(number: string, title: string, revision: number): string {
  return `${number}${title}${revision > 1 ? `（第${revision}版）` : ''}.docx`;
}
