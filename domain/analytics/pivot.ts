/**
 * The investment structure analysis (投资结构分析): a pivot of the selected projects by one or two dimensions,
 * with counts, investment totals, annual plans, investment completed in a period and plan completion, row and
 * column totals and a grand total, and optionally the same table a year earlier. Computed from the fact table
 * (facts.ts); pure.
 *
 * Projects are grouped by their attributes as they stand now. Funding source is the one dimension a project
 * belongs to several values of: its amounts are split by its funding shares (government / social / foreign, as
 * entered in the ledger), and it counts once under each source with a non-zero share; a project without the
 * breakdown goes under "not broken down". Totals are computed over the projects of a row (column, table), so a
 * project counts once in them whatever its split.
 */
import { keyLevels, lifecycleStages, projectCategories } from '../codelists.ts';
import { hundredthsOfPercent, roundTo } from '../schedule.ts';
import {
  type Pivot,
  type PivotAxis,
  type PivotDimension,
  type PivotMeasure,
  type PivotValues,
  pivotDimensionLabels,
} from '../schemas/analysis.ts';
import { monthOf, monthText, NO_DAY, type ProjectFacts } from './facts.ts';

type Label = { zh: string; en: string };

/** Names of reference codes (GB/T 4754 industries, districts, leading industries). */
export type ReferenceLabels = {
  industries: ReadonlyMap<
    string,
    { name: string; nameEn: string | null; parentCode: string | null; level: number }
  >;
  divisions: ReadonlyMap<string, { name: string; nameEn: string | null }>;
  leadingIndustries: ReadonlyMap<string, { name: string; nameEn: string | null }>;
};

export type PivotInput = {
  rows: PivotDimension;
  cols: PivotDimension | undefined;
  measures: readonly PivotMeasure[];
  /** 'YYYY-MM', inclusive. */
  from: string;
  to: string;
  year: number;
  compare: boolean;
  /** Size band limits (万元), ascending. */
  sizeBands: readonly number[];
};

/** The table as the API gives it (GET /api/analysis/pivot). */
export type PivotResult = Pivot;

const FUNDING = ['government', 'social', 'foreign', 'unspecified'] as const;
const fundingLabels: Record<(typeof FUNDING)[number], Label> = {
  government: { zh: '政府投资', en: 'Government' },
  social: { zh: '社会投资', en: 'Private and social' },
  foreign: { zh: '外资', en: 'Foreign' },
  unspecified: { zh: '未分资金来源', en: 'Not broken down' },
};
const YEAR_BASE = 1900;
const YEAR_SLOTS = 302;

/** '<1亿', '1–5亿' … for limits in 万元; English in CNY millions and billions. */
export function sizeBandLabels(limits: readonly number[]): Label[] {
  const zh = (v: number) => (v % 10_000 === 0 ? `${v / 10_000}亿` : `${v}万`);
  const en = (v: number) => {
    const yuan = v * 10_000;
    return yuan >= 1e9 ? `${yuan / 1e9}B` : `${yuan / 1e6}M`;
  };
  const out: Label[] = [];
  for (let b = 0; b <= limits.length; b++) {
    const lo = limits[b - 1];
    const hi = limits[b];
    if (lo === undefined && hi !== undefined) out.push({ zh: `<${zh(hi)}`, en: `< ${en(hi)} CNY` });
    else if (lo !== undefined && hi === undefined) out.push({ zh: `≥${zh(lo)}`, en: `≥ ${en(lo)} CNY` });
    else if (lo !== undefined && hi !== undefined) {
      // "1–5亿" reads better than "1亿–5亿" when both are in 亿.
      const both = lo % 10_000 === 0 && hi % 10_000 === 0;
      out.push({
        zh: both ? `${lo / 10_000}–${hi / 10_000}亿` : `${zh(lo)}–${zh(hi)}`,
        en: `${en(lo)}–${en(hi)} CNY`,
      });
    }
  }
  return out;
}

/** The band (0 … limits.length) of an amount: band b holds [limits[b − 1], limits[b]). */
export function sizeBandOf(amount: number, limits: readonly number[]): number {
  let b = 0;
  while (b < limits.length && amount >= (limits[b] as number)) b++;
  return b;
}

type Dim = {
  size: number;
  /** Key of project i (single-valued dimensions). */
  key: (i: number) => number;
  code: (k: number) => string;
  label: (k: number) => Label;
  /** Sort rank of a key. */
  rank: (k: number) => number | string;
  drill: (k: number) => Record<string, string> | null;
  funding?: true;
};

function dimension(
  dim: PivotDimension,
  facts: ProjectFacts,
  refs: ReferenceLabels,
  sizeBands: readonly number[],
): Dim {
  const nameOf = (r: { name: string; nameEn: string | null } | undefined, code: string): Label =>
    r ? { zh: r.name, en: r.nameEn ?? r.name } : { zh: code, en: code };
  const listDim = (
    column: Uint8Array,
    dict: ProjectFacts['categories'],
    list: readonly { code: string; label: Label }[],
    param: string,
  ): Dim => ({
    size: dict.size,
    key: (i) => column[i] as number,
    code: (k) => dict.values[k] as string,
    label: (k) =>
      list.find((x) => x.code === dict.values[k])?.label ?? nameOf(undefined, dict.values[k] as string),
    rank: (k) => {
      const at = list.findIndex((x) => x.code === dict.values[k]);
      return at >= 0 ? at : 1000 + k;
    },
    drill: (k) => ({ [param]: dict.values[k] as string }),
  });
  switch (dim) {
    case 'category':
      return listDim(facts.category, facts.categories, projectCategories.list, 'category');
    case 'keyLevel':
      return listDim(facts.keyLevel, facts.keyLevels, keyLevels.list, 'keyLevel');
    case 'stage':
      return listDim(facts.stage, facts.stages, lifecycleStages.list, 'stage');
    case 'industryDivision':
      return {
        size: facts.industries.size,
        key: (i) => facts.industry[i] as number,
        code: (k) => facts.industries.values[k] as string,
        label: (k) => {
          const code = facts.industries.values[k] as string;
          const n = nameOf(refs.industries.get(code), code);
          return { zh: `${code} ${n.zh}`, en: `${code} ${n.en}` };
        },
        rank: (k) => facts.industries.values[k] as string,
        drill: (k) => ({ industryCode: facts.industries.values[k] as string }),
      };
    case 'industrySection': {
      // A division's section is its parent; a project filed under a section letter stays in that section.
      const sections: string[] = [''];
      const sectionIndex = new Map<string, number>();
      const ofIndustry = new Int32Array(facts.industries.size);
      facts.industries.values.forEach((code, c) => {
        if (c === 0) return;
        const ref = refs.industries.get(code);
        const section = ref ? (ref.level === 1 ? code : (ref.parentCode ?? code)) : code;
        let s = sectionIndex.get(section);
        if (s === undefined) {
          s = sections.length;
          sections.push(section);
          sectionIndex.set(section, s);
        }
        ofIndustry[c] = s;
      });
      return {
        size: sections.length,
        key: (i) => ofIndustry[facts.industry[i] as number] as number,
        code: (k) => sections[k] as string,
        label: (k) => {
          const code = sections[k] as string;
          const n = nameOf(refs.industries.get(code), code);
          return { zh: `${code} ${n.zh}`, en: `${code} ${n.en}` };
        },
        rank: (k) => sections[k] as string,
        drill: (k) => ({ industryCode: sections[k] as string }),
      };
    }
    case 'leadingIndustry':
      return {
        size: facts.leadingIndustries.size,
        key: (i) => facts.leadingIndustry[i] as number,
        code: (k) => facts.leadingIndustries.values[k] as string,
        label: (k) =>
          k === 0
            ? { zh: '未归入主导产业', en: 'No leading industry' }
            : nameOf(
                refs.leadingIndustries.get(facts.leadingIndustries.values[k] as string),
                facts.leadingIndustries.values[k] as string,
              ),
        rank: (k) => (k === 0 ? '\uffff' : (facts.leadingIndustries.values[k] as string)),
        drill: (k) => (k === 0 ? null : { leadingIndustry: facts.leadingIndustries.values[k] as string }),
      };
    case 'district':
      return {
        size: facts.divisions.size,
        key: (i) => facts.division[i] as number,
        code: (k) => facts.divisions.values[k] as string,
        label: (k) =>
          nameOf(
            refs.divisions.get(facts.divisions.values[k] as string),
            facts.divisions.values[k] as string,
          ),
        rank: (k) => facts.divisions.values[k] as string,
        drill: (k) => ({ divisionCode: facts.divisions.values[k] as string }),
      };
    case 'sizeBand': {
      const labels = sizeBandLabels(sizeBands);
      return {
        size: sizeBands.length + 1,
        key: (i) => sizeBandOf(facts.totalInvestment[i] as number, sizeBands),
        code: (k) => String(k),
        label: (k) => labels[k] as Label,
        rank: (k) => k,
        // Amounts carry two decimals: the band [lo, hi) is lo … hi − 0.01 in the ledger's inclusive filter.
        drill: (k) => {
          const q: Record<string, string> = {};
          const lo = sizeBands[k - 1];
          const hi = sizeBands[k];
          if (lo !== undefined) q.investmentMin = String(lo);
          if (hi !== undefined) q.investmentMax = String(roundTo(hi - 0.01, 2));
          return q;
        },
      };
    }
    case 'startYear':
      return {
        size: YEAR_SLOTS,
        key: (i) => {
          const started = facts.actualStart[i] as number;
          const d = started !== NO_DAY ? started : (facts.plannedStart[i] as number);
          if (d === NO_DAY) return 0;
          const y = new Date(d * 86_400_000).getUTCFullYear() - YEAR_BASE;
          return y >= 1 && y < YEAR_SLOTS ? y : 0;
        },
        code: (k) => (k === 0 ? '' : String(k + YEAR_BASE)),
        label: (k) =>
          k === 0 ? { zh: '未定', en: 'Not set' } : { zh: `${k + YEAR_BASE}年`, en: String(k + YEAR_BASE) },
        rank: (k) => (k === 0 ? 10_000 : k),
        drill: () => null,
      };
    case 'fundingSource':
      return {
        size: FUNDING.length,
        key: () => 3,
        code: (k) => FUNDING[k] as string,
        label: (k) => fundingLabels[FUNDING[k] as (typeof FUNDING)[number]],
        rank: (k) => k,
        drill: () => null,
        funding: true,
      };
  }
}

/** A project's funding split: weights (summing to 1) of the sources it has, or "not broken down". */
function fundingWeights(facts: ProjectFacts, i: number, out: Float64Array): void {
  out.fill(0);
  const parts = [facts.investmentGovernment[i], facts.investmentSocial[i], facts.investmentForeign[i]].map(
    (x) => (x === undefined || Number.isNaN(x) ? 0 : Math.max(0, x)),
  ) as [number, number, number];
  const sum = parts[0] + parts[1] + parts[2];
  if (!(sum > 0)) {
    out[3] = 1;
    return;
  }
  for (let s = 0; s < 3; s++) out[s] = (parts[s] as number) / sum;
}

const weightOf = (dim: Dim, weights: Float64Array, k: number, position: number) =>
  dim.funding ? (weights[k] as number) : position === 0 ? (weights[0] as number) : 0;

const MEASURES = 8;
// Accumulator slots per cell.
const COUNT = 0;
const TOTAL = 1;
const PLAN = 2;
const COMPLETED = 3;
const COMPLETED_PLANNED = 4;
const PLAN_PREV = 5;
const COMPLETED_PREV = 6;
const COMPLETED_PLANNED_PREV = 7;

/** The pivot of the projects in `selection`, summed afresh. */
export function computePivot(
  facts: ProjectFacts,
  selection: Int32Array,
  input: PivotInput,
  refs: ReferenceLabels,
): PivotResult {
  const acc = new PivotAccumulator(facts, input, refs);
  for (let s = 0; s < selection.length; s++) acc.add(selection[s] as number, 1);
  return acc.result();
}

/**
 * A pivot's sums, each project's share added (sign 1) or taken out again (−1): the store keeps the accumulators of
 * recent pivots and updates them as projects change, so that a write does not make every open pivot start over.
 * `stale` turns true when a project has a value the dimensions did not know when the accumulator was made (a new
 * industry code, a year out of range): the pivot must then be summed afresh.
 */
export class PivotAccumulator {
  stale = false;
  private readonly rowDim: Dim;
  private readonly colDim: Dim | undefined;
  private readonly R: number;
  private readonly C: number;
  private readonly cells: Float64Array;
  private readonly rowTot: Float64Array;
  private readonly colTot: Float64Array;
  private readonly grand = new Float64Array(MEASURES);
  private readonly fromM: number;
  private readonly toM: number;
  private readonly values = new Float64Array(MEASURES);
  private readonly rowW = new Float64Array(FUNDING.length);
  private readonly colW = new Float64Array(FUNDING.length);
  private readonly rowKeys: number[] = [];
  private readonly colKeys: number[] = [];

  constructor(
    private readonly facts: ProjectFacts,
    readonly input: PivotInput,
    refs: ReferenceLabels,
  ) {
    this.rowDim = dimension(input.rows, facts, refs, input.sizeBands);
    this.colDim = input.cols ? dimension(input.cols, facts, refs, input.sizeBands) : undefined;
    this.R = this.rowDim.size;
    this.C = this.colDim ? this.colDim.size : 1;
    this.cells = new Float64Array(this.R * this.C * MEASURES);
    this.rowTot = new Float64Array(this.R * MEASURES);
    this.colTot = new Float64Array(this.C * MEASURES);
    this.fromM = monthOf(input.from);
    this.toM = monthOf(input.to);
  }

  private put(target: Float64Array, at: number, w: number, sign: number) {
    const base = at * MEASURES;
    if (w > 0) target[base + COUNT] = (target[base + COUNT] as number) + sign;
    const values = this.values;
    for (let m = 1; m < MEASURES; m++) {
      target[base + m] = (target[base + m] as number) + sign * (values[m] as number) * w;
    }
  }

  private keysOf(dim: Dim, i: number, weights: Float64Array, keys: number[]): boolean {
    keys.length = 0;
    if (dim.funding) {
      fundingWeights(this.facts, i, weights);
      for (let s = 0; s < FUNDING.length; s++) if ((weights[s] as number) > 0) keys.push(s);
      return true;
    }
    weights[0] = 1;
    const key = dim.key(i);
    if (!(key >= 0 && key < dim.size)) return false;
    keys.push(key);
    return true;
  }

  /** Adds project i's share to the sums (sign 1) or takes it out (−1). The caller decides which projects count. */
  add(i: number, sign: 1 | -1): void {
    const { facts, input, values, rowDim, colDim, rowW, colW, rowKeys, colKeys, C } = this;
    const plan = facts.planAmount.get(input.year)?.[i];
    const hasPlan = plan !== undefined && !Number.isNaN(plan);
    const prev = facts.planAmount.get(input.year - 1)?.[i];
    const hasPrev = prev !== undefined && !Number.isNaN(prev);
    const completed = facts.completedBetween(i, this.fromM, this.toM);
    const completedPrev = input.compare ? facts.completedBetween(i, this.fromM - 12, this.toM - 12) : 0;
    values[TOTAL] = facts.totalInvestment[i] as number;
    values[PLAN] = hasPlan ? plan : 0;
    values[COMPLETED] = completed;
    values[COMPLETED_PLANNED] = hasPlan ? completed : 0;
    values[PLAN_PREV] = hasPrev ? prev : 0;
    values[COMPLETED_PREV] = completedPrev;
    values[COMPLETED_PLANNED_PREV] = hasPrev ? completedPrev : 0;
    if (!this.keysOf(rowDim, i, rowW, rowKeys) || (colDim && !this.keysOf(colDim, i, colW, colKeys))) {
      this.stale = true;
      return;
    }

    this.put(this.grand, 0, 1, sign);
    for (let a = 0; a < rowKeys.length; a++) {
      const r = rowKeys[a] as number;
      const wr = weightOf(rowDim, rowW, r, a);
      this.put(this.rowTot, r, wr, sign);
      if (!colDim) {
        this.put(this.cells, r, wr, sign);
        continue;
      }
      for (let b = 0; b < colKeys.length; b++) {
        const c = colKeys[b] as number;
        this.put(this.cells, r * C + c, wr * weightOf(colDim, colW, c, b), sign);
      }
    }
    if (colDim) {
      for (let b = 0; b < colKeys.length; b++) {
        const c = colKeys[b] as number;
        this.put(this.colTot, c, weightOf(colDim, colW, c, b), sign);
      }
    }
  }

  /** The table as the API gives it. */
  result(): PivotResult {
    const { input, rowDim, colDim, R, C, cells, rowTot, colTot, grand } = this;
    const present = (tot: Float64Array, n: number, dim: Dim) => {
      const keys: number[] = [];
      for (let k = 0; k < n; k++) if ((tot[k * MEASURES + COUNT] as number) > 0.5) keys.push(k);
      return keys.sort((a, b) => {
        const ra = dim.rank(a);
        const rb = dim.rank(b);
        return ra < rb ? -1 : ra > rb ? 1 : 0;
      });
    };
    const rowKeysShown = present(rowTot, R, rowDim);
    const colKeysShown = colDim ? present(colTot, C, colDim) : [0];
    const grandTotal = grand[TOTAL] as number;

    const money = (x: number) => roundTo(x, 4);
    const pct = (n: number, d: number) => {
      const h = hundredthsOfPercent(roundTo(n, 4), roundTo(d, 4));
      return h === null ? null : h / 100;
    };
    const read = (acc: Float64Array, at: number, previous: boolean): PivotValues => {
      const base = at * MEASURES;
      const v = (m: number) => acc[base + m] as number;
      const out: PivotValues = {};
      for (const measure of input.measures) {
        switch (measure) {
          case 'count':
            out.count = previous ? null : Math.round(v(COUNT));
            break;
          case 'totalInvestment':
            out.totalInvestment = previous ? null : money(v(TOTAL));
            break;
          case 'annualPlan':
            out.annualPlan = money(previous ? v(PLAN_PREV) : v(PLAN));
            break;
          case 'completed':
            out.completed = money(previous ? v(COMPLETED_PREV) : v(COMPLETED));
            break;
          case 'completionRate':
            out.completionRate = previous
              ? pct(v(COMPLETED_PLANNED_PREV), v(PLAN_PREV))
              : pct(v(COMPLETED_PLANNED), v(PLAN));
            break;
          case 'share':
            out.share = previous ? null : pct(v(TOTAL), grandTotal);
            break;
        }
      }
      return out;
    };
    const table = (previous: boolean) => ({
      cells: rowKeysShown.map((r) => colKeysShown.map((c) => read(cells, r * C + c, previous))),
      rowTotals: rowKeysShown.map((r) => read(rowTot, r, previous)),
      colTotals: colDim ? colKeysShown.map((c) => read(colTot, c, previous)) : [],
      grandTotal: read(grand, 0, previous),
    });
    const axis = (dimName: PivotDimension, dim: Dim, keys: number[]): PivotAxis => ({
      dimension: dimName,
      label: pivotDimensionLabels[dimName],
      values: keys.map((k) => ({ key: dim.code(k), label: dim.label(k), drill: dim.drill(k) })),
    });

    const notes: Label[] = [];
    const period = { from: input.from, to: input.to, year: input.year };
    if (input.measures.includes('completed') || input.measures.includes('completionRate')) {
      notes.push({
        zh: `完成投资：${input.from} 至 ${input.to} 各月已提交和已受理月报的本月完成投资之和（退回的月报不计）。`,
        en: `Completed: investment in the submitted and accepted monthly reports of ${input.from} to ${input.to} (returned reports do not count).`,
      });
    }
    if (input.measures.includes('completionRate')) {
      notes.push({
        zh: `年度计划完成率：有 ${input.year} 年度计划的项目在统计期间的完成投资 ÷ 其年度计划投资。`,
        en: `Plan completion: what the projects with a ${input.year} annual plan completed in the period ÷ their annual plans.`,
      });
    }
    if (input.measures.includes('share')) {
      notes.push({
        zh: '占比：总投资占全表总投资的比例。',
        en: "Share: the total investment as a share of the table's.",
      });
    }
    if (input.rows === 'fundingSource' || input.cols === 'fundingSource') {
      notes.push({
        zh: '资金来源：项目的各项金额按其政府投资、社会投资、外资的占比拆分；项目数为该来源金额大于 0 的项目数，合计中每个项目只计一次；未填资金来源的项目归入"未分资金来源"。',
        en: 'Funding source: each project’s amounts are split by its government, social and foreign shares; a source counts the projects with a non-zero amount of it, and totals count each project once. Projects without the breakdown are "not broken down".',
      });
    }
    if (input.rows === 'startYear' || input.cols === 'startYear') {
      notes.push({
        zh: '开工年份：已开工的项目按实际开工日期，尚未开工的按计划开工日期。',
        en: 'Start year: the actual start for projects that have started, otherwise the planned start.',
      });
    }
    if (input.rows === 'stage' || input.cols === 'stage') {
      notes.push({ zh: '阶段：项目当前所处阶段。', en: 'Stage: the stage a project is in now.' });
    }
    let comparison: PivotResult['comparison'] = null;
    if (input.compare) {
      const prevPeriod = {
        from: monthText(this.fromM - 12),
        to: monthText(this.toM - 12),
        year: input.year - 1,
      };
      comparison = { period: prevPeriod, ...table(true) };
      notes.push({
        zh: `同比：同一批项目、同样分组，统计期间 ${prevPeriod.from} 至 ${prevPeriod.to}、${prevPeriod.year} 年度计划；项目数、总投资和占比不保存历史，不作比较。`,
        en: `Year on year: the same projects and groups, over ${prevPeriod.from} to ${prevPeriod.to} and the ${prevPeriod.year} plans; counts, totals and shares have no history and are not compared.`,
      });
    }
    return {
      rows: axis(input.rows, rowDim, rowKeysShown),
      cols: colDim && input.cols ? axis(input.cols, colDim, colKeysShown) : null,
      measures: [...input.measures],
      period,
      ...table(false),
      comparison,
      notes,
    };
  }
}
