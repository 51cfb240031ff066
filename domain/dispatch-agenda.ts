/**
 * 双月一调度: the agenda Guanjia proposes for a dispatch meeting (issue #4). The organiser edits it afterwards;
 * this only decides what is worth the leaders' time and in which order.
 *
 * Sections, in this order:
 * 1. the previous meetings' unfinished actions: the issue asks that the next agenda open with them, so that
 *    every 议定事项 is followed up before anything new is discussed;
 * 2. red projects, 3. yellow projects (from the warning lights, with their reasons);
 * 4. overdue coordination items, most overdue first; 5. items that need a leader's decision;
 * 6. projects whose start is late.
 *
 * Something that qualifies for several sections appears once, in the first one, carrying every reason: a red
 * project that is also late to start is a red project whose reasons include the late start, and an overdue
 * item that also needs a decision is an overdue item whose reasons include the request for a decision.
 * Caps apply per section after that merge; what a cap leaves out is counted in `omitted`, so the organiser
 * knows the list is not complete.
 */
import { z } from 'zod';
import type { Label } from './codelists.ts';
import type { IsoDate, IsoMonth } from './iso-date.ts';
import { bilingual } from './schemas/common.ts';
import type { WarningColor } from './warning-presets.ts';

export const agendaItemKinds = [
  'unfinished_action',
  'red_project',
  'yellow_project',
  'overdue_item',
  'decision',
  'late_start',
] as const;
export type AgendaItemKind = (typeof agendaItemKinds)[number];

/** Section headings, as the agenda and the meeting record (纪要) print them. */
export const agendaItemKindLabels: Readonly<Record<AgendaItemKind, Label>> = {
  unfinished_action: { zh: '上次会议议定事项落实情况', en: 'Unfinished actions from the previous meeting' },
  red_project: { zh: '红灯项目', en: 'Red projects' },
  yellow_project: { zh: '黄灯项目', en: 'Yellow projects' },
  overdue_item: { zh: '逾期协调事项', en: 'Overdue coordination items' },
  decision: { zh: '提请领导决策事项', en: "Items for a leader's decision" },
  late_start: { zh: '开工滞后项目', en: 'Projects starting late' },
};

const capSchema = z
  .number(bilingual('请填写每部分最多列入的事项数', 'Give the maximum number of items per section'))
  .int(bilingual('事项数应为整数', 'The number of items must be a whole number'))
  .min(0, bilingual('事项数不能小于 0', 'The number of items cannot be below 0'))
  .max(100, bilingual('每部分最多列入 100 项', 'A section can hold at most 100 items'))
  .nullable();

/**
 * At most this many items per section; null lists them all. Unfinished actions are not capped by default:
 * an action left off the agenda is an action nobody follows up.
 */
export const DispatchAgendaCapsSchema = z.object({
  unfinished_action: capSchema.default(null),
  red_project: capSchema.default(20),
  yellow_project: capSchema.default(10),
  overdue_item: capSchema.default(10),
  decision: capSchema.default(10),
  late_start: capSchema.default(10),
});
export type DispatchAgendaCaps = z.infer<typeof DispatchAgendaCapsSchema>;
export type DispatchAgendaCapsInput = z.input<typeof DispatchAgendaCapsSchema>;

export const AgendaReasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export type AgendaReason = z.infer<typeof AgendaReasonSchema>;

export const AgendaItemSchema = z.object({
  kind: z.enum(agendaItemKinds),
  refs: z.object({
    projectId: z.uuid().optional(),
    itemId: z.uuid().optional(),
    actionId: z.uuid().optional(),
  }),
  title: z.object({ zh: z.string(), en: z.string() }),
  reasons: z.array(AgendaReasonSchema),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

export const DispatchAgendaSchema = z.object({
  items: z.array(AgendaItemSchema),
  /** Per section, how many qualifying items the caps left out. */
  omitted: z.object({
    unfinished_action: z.number().int(),
    red_project: z.number().int(),
    yellow_project: z.number().int(),
    overdue_item: z.number().int(),
    decision: z.number().int(),
    late_start: z.number().int(),
  }),
});
export type DispatchAgenda = z.infer<typeof DispatchAgendaSchema>;

/** What every project-bound input carries, for titles and for ordering among equals. */
type ProjectRef = {
  projectId: string;
  projectName: string;
  /** 总投资, 万元; null when unknown (sorts after every known amount). */
  totalInvestment: number | null;
};

export type AgendaProjectInput = ProjectRef & {
  color: WarningColor;
  /** From the warning engine, worst first. Green reasons (why something is fine) are left out of the agenda. */
  reasons: readonly { code: string; color?: WarningColor; zh: string; en: string }[];
};

export type AgendaLateStartInput = ProjectRef & {
  /** Consecutive months the start is overdue (see monthsStartDelayed in warning-presets.ts). */
  monthsLate: number;
  plannedStartMonth?: IsoMonth | null;
};

export type AgendaOverdueItemInput = ProjectRef & {
  itemId: string;
  title: string;
  departmentNames: readonly string[];
  /** null when the working-day calendar cannot count (a year without holiday data). */
  overdueWorkingDays: number | null;
  /** 督办 level: 0 none, 1, 2 … */
  escalationLevel: number;
};

export type AgendaDecisionInput = ProjectRef & {
  itemId: string;
  title: string;
  /** Why a leader must decide, in the words of whoever flagged it. */
  note?: string | null;
};

export type AgendaActionInput = {
  actionId: string;
  title: string;
  ownerName: string;
  deadline: IsoDate;
  /** Working days past the deadline; 0 or less when not yet due; null when the calendar cannot count. */
  overdueWorkingDays: number | null;
  /** The date of the meeting that decided it, and its number in that meeting's 议定事项. */
  decidedOn: IsoDate;
  sequence: number;
  projectId?: string | null;
};

export type DispatchAgendaInput = {
  projects?: readonly AgendaProjectInput[];
  lateStarts?: readonly AgendaLateStartInput[];
  overdueItems?: readonly AgendaOverdueItemInput[];
  decisions?: readonly AgendaDecisionInput[];
  unfinishedActions?: readonly AgendaActionInput[];
};

/**
 * Proposes the agenda. Order within each section (every chain ends on the id, so the order never depends on
 * the input order):
 * - unfinished actions: oldest meeting first, then the order of the minutes (sequence);
 * - red, yellow projects: larger total investment first, then name (pinyin order);
 * - overdue items: higher 督办 level, then more working days overdue (uncountable last), then larger project
 *   investment, then project name, then title;
 * - decisions: larger project investment, then project name, then title;
 * - late starts: more months late, then larger investment, then name.
 */
export function proposeDispatchAgenda(
  input: DispatchAgendaInput,
  capsInput: DispatchAgendaCapsInput = {},
): DispatchAgenda {
  const caps = DispatchAgendaCapsSchema.parse(capsInput);
  const sections: Record<AgendaItemKind, AgendaItem[]> = {
    unfinished_action: actionItems(input.unfinishedActions ?? []),
    ...projectItems(input.projects ?? [], input.lateStarts ?? []),
    ...coordinationItems(input.overdueItems ?? [], input.decisions ?? []),
  };
  const items: AgendaItem[] = [];
  const omitted: Record<AgendaItemKind, number> = {
    unfinished_action: 0,
    red_project: 0,
    yellow_project: 0,
    overdue_item: 0,
    decision: 0,
    late_start: 0,
  };
  for (const kind of agendaItemKinds) {
    const all = sections[kind];
    const cap = caps[kind];
    const kept = cap === null ? all : all.slice(0, cap);
    items.push(...kept);
    omitted[kind] = all.length - kept.length;
  }
  return { items, omitted };
}

function actionItems(actions: readonly AgendaActionInput[]): AgendaItem[] {
  const sorted = [...actions].sort(
    (a, b) =>
      compareText(a.decidedOn, b.decidedOn) || a.sequence - b.sequence || compareText(a.actionId, b.actionId),
  );
  return uniqueBy(sorted, (a) => a.actionId).map((action) => ({
    kind: 'unfinished_action',
    refs: { actionId: action.actionId, ...(action.projectId ? { projectId: action.projectId } : {}) },
    title: {
      zh: `${action.decidedOn} 会议议定事项：${action.title}`,
      en: `Action agreed on ${action.decidedOn}: ${action.title}`,
    },
    reasons: [actionReason(action)],
  }));
}

function actionReason(action: AgendaActionInput): AgendaReason {
  const days = action.overdueWorkingDays;
  const owner = {
    zh: `责任人${action.ownerName}，期限 ${action.deadline}`,
    en: `${action.ownerName}, due ${action.deadline}`,
  };
  if (days === null) {
    return {
      code: 'action_unfinished',
      zh: `${owner.zh}，未完成（逾期工作日数暂无法计算）`,
      en: `${owner.en}, unfinished (working days overdue cannot be counted yet)`,
    };
  }
  if (days > 0) {
    return {
      code: 'action_overdue',
      zh: `${owner.zh}，已逾期 ${days} 个工作日`,
      en: `${owner.en}, ${days} working ${days === 1 ? 'day' : 'days'} overdue`,
    };
  }
  return { code: 'action_unfinished', zh: `${owner.zh}，尚未完成`, en: `${owner.en}, not finished yet` };
}

const colorSeverity: Readonly<Record<WarningColor, number>> = { green: 0, yellow: 1, red: 2 };

function projectItems(
  projects: readonly AgendaProjectInput[],
  lateStarts: readonly AgendaLateStartInput[],
): Pick<Record<AgendaItemKind, AgendaItem[]>, 'red_project' | 'yellow_project' | 'late_start'> {
  // A project listed twice keeps its worst colour and every reason.
  const lit = new Map<string, { project: AgendaProjectInput; reasons: AgendaReason[] }>();
  for (const project of projects) {
    if (project.color === 'green') continue;
    const reasons = project.reasons
      .filter((r) => r.color !== 'green')
      .map((r) => ({ code: r.code, zh: r.zh, en: r.en }));
    const seen = lit.get(project.projectId);
    if (!seen) {
      lit.set(project.projectId, { project, reasons });
      continue;
    }
    const worse = colorSeverity[project.color] > colorSeverity[seen.project.color] ? project : seen.project;
    lit.set(project.projectId, { project: worse, reasons: mergeReasons(seen.reasons, reasons) });
  }

  const late = new Map<string, AgendaLateStartInput>();
  for (const start of lateStarts) {
    if (start.monthsLate <= 0) continue;
    const seen = late.get(start.projectId);
    if (!seen || start.monthsLate > seen.monthsLate) late.set(start.projectId, start);
  }
  for (const [projectId, start] of late) {
    const entry = lit.get(projectId);
    if (!entry) continue;
    // The warning engine may already give the delay as a reason (code start_delayed); it then stays as is.
    entry.reasons = mergeReasons(entry.reasons, [lateStartReason(start)]);
    late.delete(projectId);
  }

  const byInvestmentThenName = (a: ProjectRef, b: ProjectRef) =>
    compareInvestment(a, b) ||
    compareName(a.projectName, b.projectName) ||
    compareText(a.projectId, b.projectId);
  const lights = [...lit.values()].sort((a, b) => byInvestmentThenName(a.project, b.project));
  const lightItem = ({ project, reasons }: (typeof lights)[number]): AgendaItem => {
    const colour = project.color === 'red' ? { zh: '红灯', en: 'red' } : { zh: '黄灯', en: 'yellow' };
    return {
      kind: project.color === 'red' ? 'red_project' : 'yellow_project',
      refs: { projectId: project.projectId },
      title: {
        zh: `${project.projectName}（${colour.zh}）`,
        en: `${project.projectName} (${colour.en})`,
      },
      reasons,
    };
  };
  const lateItems = [...late.values()]
    .sort((a, b) => b.monthsLate - a.monthsLate || byInvestmentThenName(a, b))
    .map(
      (start): AgendaItem => ({
        kind: 'late_start',
        refs: { projectId: start.projectId },
        title: { zh: `${start.projectName}开工滞后`, en: `Late start: ${start.projectName}` },
        reasons: [lateStartReason(start)],
      }),
    );
  return {
    red_project: lights.filter((l) => l.project.color === 'red').map(lightItem),
    yellow_project: lights.filter((l) => l.project.color === 'yellow').map(lightItem),
    late_start: lateItems,
  };
}

function lateStartReason(start: AgendaLateStartInput): AgendaReason {
  const n = start.monthsLate;
  const planned = start.plannedStartMonth;
  return {
    code: 'start_delayed',
    zh: planned ? `计划 ${planned} 开工，已滞后 ${n} 个月` : `开工已滞后 ${n} 个月`,
    en: `${planned ? `Planned to start in ${planned}; ` : 'Start '}${n} ${n === 1 ? 'month' : 'months'} late`,
  };
}

function coordinationItems(
  overdue: readonly AgendaOverdueItemInput[],
  decisions: readonly AgendaDecisionInput[],
): Pick<Record<AgendaItemKind, AgendaItem[]>, 'overdue_item' | 'decision'> {
  const decisionById = new Map<string, AgendaDecisionInput>();
  for (const decision of decisions)
    if (!decisionById.has(decision.itemId)) decisionById.set(decision.itemId, decision);

  const sortedOverdue = uniqueBy(
    [...overdue].sort(
      (a, b) =>
        b.escalationLevel - a.escalationLevel ||
        compareDaysOverdue(a.overdueWorkingDays, b.overdueWorkingDays) ||
        compareInvestment(a, b) ||
        compareName(a.projectName, b.projectName) ||
        compareName(a.title, b.title) ||
        compareText(a.itemId, b.itemId),
    ),
    (i) => i.itemId,
  );
  const overdueItems = sortedOverdue.map((item): AgendaItem => {
    const reasons = [overdueReason(item)];
    if (item.escalationLevel > 0) {
      reasons.push({
        code: 'escalated',
        zh: `已督办（第 ${item.escalationLevel} 级）`,
        en: `Escalated (level ${item.escalationLevel})`,
      });
    }
    const decision = decisionById.get(item.itemId);
    if (decision) reasons.push(decisionReason(decision));
    return {
      kind: 'overdue_item',
      refs: { projectId: item.projectId, itemId: item.itemId },
      title: { zh: `${item.projectName}：${item.title}`, en: `${item.projectName}: ${item.title}` },
      reasons,
    };
  });

  const listed = new Set(sortedOverdue.map((i) => i.itemId));
  const decisionItems = [...decisionById.values()]
    .filter((d) => !listed.has(d.itemId))
    .sort(
      (a, b) =>
        compareInvestment(a, b) ||
        compareName(a.projectName, b.projectName) ||
        compareName(a.title, b.title) ||
        compareText(a.itemId, b.itemId),
    )
    .map(
      (decision): AgendaItem => ({
        kind: 'decision',
        refs: { projectId: decision.projectId, itemId: decision.itemId },
        title: {
          zh: `${decision.projectName}：${decision.title}`,
          en: `${decision.projectName}: ${decision.title}`,
        },
        reasons: [decisionReason(decision)],
      }),
    );
  return { overdue_item: overdueItems, decision: decisionItems };
}

function overdueReason(item: AgendaOverdueItemInput): AgendaReason {
  const departments = { zh: item.departmentNames.join('、'), en: item.departmentNames.join(', ') };
  const who = (text: string, sep: string) => (text ? `${text}${sep}` : '');
  const days = item.overdueWorkingDays;
  if (days === null) {
    return {
      code: 'coordination_overdue',
      zh: `${who(departments.zh, '')}逾期未办结（逾期工作日数暂无法计算）`,
      en: `${who(departments.en, ': ')}overdue (working days cannot be counted yet)`,
    };
  }
  return {
    code: 'coordination_overdue',
    zh: `${who(departments.zh, '')}逾期 ${days} 个工作日未办结`,
    en: `${who(departments.en, ': ')}${days} working ${days === 1 ? 'day' : 'days'} overdue`,
  };
}

function decisionReason(decision: AgendaDecisionInput): AgendaReason {
  const note = decision.note?.trim();
  return {
    code: 'decision_needed',
    zh: note ? `需领导决策：${note}` : '需领导决策',
    en: note ? `Needs a leader's decision: ${note}` : "Needs a leader's decision",
  };
}

/** Adds reasons not already there; a reason is the same when its code is (one delay, one overdue count). */
function mergeReasons(into: readonly AgendaReason[], more: readonly AgendaReason[]): AgendaReason[] {
  const codes = new Set(into.map((r) => r.code));
  return [...into, ...more.filter((r) => !codes.has(r.code))];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Larger investment first; unknown after every known amount. */
function compareInvestment(a: ProjectRef, b: ProjectRef): number {
  if (a.totalInvestment === b.totalInvestment) return 0;
  if (a.totalInvestment === null) return 1;
  if (b.totalInvestment === null) return -1;
  return b.totalInvestment - a.totalInvestment;
}

/** More days first; uncountable (null) after every counted value. */
function compareDaysOverdue(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

// Pinyin order for names, as Chinese lists are read; the ids that end every chain keep the order total.
const nameCollator = new Intl.Collator('zh-Hans-CN');

function compareName(a: string, b: string): number {
  return nameCollator.compare(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
