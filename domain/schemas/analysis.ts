/**
 * Contracts of the cockpit (领导驾驶舱) and the investment structure analysis (投资结构分析), issue #5. The web
 * keeps the pivot query in the URL, so PivotQuerySchema parses a query string as the server does.
 */
import { z } from 'zod';
import { lifecycleStages } from '../codelists.ts';
import { bilingual, bilingualIssue, isoDateSchema } from './common.ts';
import { MonthSchema } from './progress-reports.ts';
import { ProjectListQuerySchema } from './projects.ts';

const LabelSchema = z.object({ zh: z.string(), en: z.string() });

/** Why a comparison value is missing. */
export const comparisonNoteCodes = [
  /** The platform keeps no history of this input (ledger totals, …): a past value would be invented. */
  'no_history',
  /** The platform began keeping this history after that day (warning lights). */
  'before_history',
  /** An annual figure: compared with the previous year, not with a month earlier. */
  'annual_figure',
] as const;
export const ComparisonNoteSchema = z.object({
  code: z.enum(comparisonNoteCodes),
  zh: z.string(),
  en: z.string(),
});
export type ComparisonNote = z.infer<typeof ComparisonNoteSchema>;

/**
 * Where the list behind a figure is: a web path and its query string. For '/projects' the query holds
 * ProjectListQuery fields (the ledger's filters).
 */
export const DrillSchema = z.object({
  path: z.enum(['/projects', '/warnings', '/coordination', '/reports/missing']),
  query: z.record(z.string(), z.string()),
});
export type Drill = z.infer<typeof DrillSchema>;

/** A headline figure now (as of the day asked for), a month earlier and a year earlier. */
export const FigureSchema = z.object({
  value: z.number().nullable(),
  monthAgo: z.number().nullable(),
  yearAgo: z.number().nullable(),
  /** Set when monthAgo is null. */
  monthAgoNote: ComparisonNoteSchema.nullable(),
  /** Set when yearAgo is null. */
  yearAgoNote: ComparisonNoteSchema.nullable(),
  drill: DrillSchema.nullable(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const CockpitQuerySchema = z.object({
  /** The day the figures are as of (China time, not after today); default today. */
  asOf: isoDateSchema.optional(),
  /** Rankings: how many groups are listed before the rest are summed up. */
  top: z.coerce
    .number()
    .int(bilingual('排名数应为整数', 'top must be a whole number'))
    .min(1, bilingual('排名数至少为 1', 'top must be at least 1'))
    .max(50, bilingual('排名数最多为 50', 'top must be at most 50'))
    .default(10),
});
export type CockpitQuery = z.infer<typeof CockpitQuerySchema>;

export const rankingDimensions = ['leadDepartment', 'chief', 'district', 'leadingIndustry'] as const;
export type RankingDimension = (typeof rankingDimensions)[number];

const RankingFiguresSchema = z.object({
  projectCount: z.number().int(),
  /** Investment completed this year up to the month of asOf (万元), by all the group's projects. */
  completedYtd: z.number(),
  /** The year's annual plans (万元). */
  annualPlan: z.number(),
  /** 年度投资完成率 (%): completed by the projects that have a plan ÷ their plans; null without plans. */
  completionPct: z.number().nullable(),
  /** Projects with a red light (on asOf). */
  redCount: z.number().int(),
});

export const RankingSchema = z.object({
  items: z.array(
    RankingFiguresSchema.extend({
      /** Department or chief id, district code, leading industry code; null: projects without one. */
      key: z.string().nullable(),
      label: LabelSchema,
      drill: DrillSchema.nullable(),
    }),
  ),
  /** The groups after the first `top`, summed; null when there are none. */
  rest: RankingFiguresSchema.extend({ groupCount: z.number().int() }).nullable(),
});
export type Ranking = z.infer<typeof RankingSchema>;

export const TrendMonthSchema = z.object({
  /** 'YYYY-MM'. */
  month: z.string(),
  /** Planned this month by the annual plans' 序时进度 (each plan's own schedule, or the even split). */
  planned: z.number(),
  plannedCumulative: z.number(),
  /** Completed this month; null for months after asOf's month. */
  completed: z.number().nullable(),
  completedCumulative: z.number().nullable(),
  /** The same month a year earlier. */
  lastYearCompleted: z.number(),
  lastYearCompletedCumulative: z.number(),
});

export const CockpitSchema = z.object({
  asOf: z.string(),
  monthAgo: z.string(),
  yearAgo: z.string(),
  /** The year and month (1–12) the year-to-date figures run to. */
  year: z.number().int(),
  month: z.number().int(),
  /** 'all' for those who see every project; 'own' when the figures cover the actor's data scope only. */
  scope: z.enum(['all', 'own']),
  projectCount: z.number().int(),
  /** Projects by stage on asOf (today: the ledger's stage; earlier days: the stage history). */
  stages: z.array(
    z.object({ stage: z.enum(lifecycleStages.codes), label: LabelSchema, figure: FigureSchema }),
  ),
  investment: z.object({
    /** Total investment of the projects (万元). */
    total: FigureSchema,
    /** The year's annual plans (万元); a year earlier: the previous year's plans. */
    annualPlan: FigureSchema,
    /** Completed this year to asOf's month by all the projects (submitted and accepted reports; 万元). */
    completedYtd: FigureSchema,
    /**
     * The plans taken together, as GET /api/annual-plans/summary gives them: only projects with a plan for the
     * year, each against its own 序时进度.
     */
    planCompletion: z.object({
      projectCount: z.number().int(),
      annualPlan: z.number(),
      plannedCumulative: z.number(),
      completedCumulative: z.number(),
      /** 年度投资完成率 (%). */
      annualCompletionPct: FigureSchema,
      /** 序时完成率 (%). */
      scheduleCompletionPct: FigureSchema,
    }),
  }),
  /** Actual starts (开工) from 1 January to asOf, and starts planned in the year. */
  starts: z.object({ actual: FigureSchema, planned: FigureSchema }),
  /** Actual completions (竣工) from 1 January to asOf, and completions planned in the year. */
  completions: z.object({ actual: FigureSchema, planned: FigureSchema }),
  /**
   * Warning lights on asOf: today the lights as last computed (the background job refreshes them every 10 minutes,
   * and every warning page read); earlier days from the light history kept since `historySince`.
   */
  lights: z.object({
    red: FigureSchema,
    yellow: FigureSchema,
    green: FigureSchema,
    /** Projects without a computed light. */
    none: FigureSchema,
    historySince: z.string().nullable(),
  }),
  /** Open coordination items past their deadline on asOf, as the coordination module's overdue list counts them. */
  overdueItems: FigureSchema,
  /** Monthly reports for the month before asOf's month: projects that had to report (the missing-reports rule). */
  reportSubmission: z.object({
    month: z.string(),
    expected: FigureSchema,
    submitted: FigureSchema,
    /** submitted ÷ expected (%). */
    rate: FigureSchema,
  }),
  /** Signing figures (签约) come with the investment attraction module, which does not exist yet. */
  signing: z.null(),
  signingNote: LabelSchema,
  trend: z.object({ year: z.number().int(), months: z.array(TrendMonthSchema) }),
  rankings: z.object({
    leadDepartment: RankingSchema,
    chief: RankingSchema,
    district: RankingSchema,
    leadingIndustry: RankingSchema,
  }),
});
export type Cockpit = z.infer<typeof CockpitSchema>;

// ——— Investment structure analysis ———

export const pivotDimensions = [
  'industrySection',
  'industryDivision',
  'leadingIndustry',
  'category',
  'fundingSource',
  'district',
  'keyLevel',
  'stage',
  'sizeBand',
  'startYear',
] as const;
export type PivotDimension = (typeof pivotDimensions)[number];

export const pivotDimensionLabels: Record<PivotDimension, { zh: string; en: string }> = {
  industrySection: { zh: '行业门类', en: 'Industry section' },
  industryDivision: { zh: '行业大类', en: 'Industry division' },
  leadingIndustry: { zh: '主导产业', en: 'Leading industry' },
  category: { zh: '项目类别', en: 'Category' },
  fundingSource: { zh: '资金来源', en: 'Funding source' },
  district: { zh: '所在区县', en: 'District' },
  keyLevel: { zh: '重点级别', en: 'Key level' },
  stage: { zh: '当前阶段', en: 'Stage' },
  sizeBand: { zh: '投资规模', en: 'Size band' },
  startYear: { zh: '开工年份', en: 'Start year' },
};

export const pivotMeasures = [
  'count',
  'totalInvestment',
  'annualPlan',
  'completed',
  'completionRate',
  'share',
] as const;
export type PivotMeasure = (typeof pivotMeasures)[number];

export const pivotMeasureLabels: Record<PivotMeasure, { zh: string; en: string }> = {
  count: { zh: '项目数', en: 'Projects' },
  totalInvestment: { zh: '总投资（万元）', en: 'Total investment (10k CNY)' },
  annualPlan: { zh: '年度计划投资（万元）', en: 'Annual plan (10k CNY)' },
  completed: { zh: '完成投资（万元）', en: 'Completed (10k CNY)' },
  completionRate: { zh: '年度计划完成率（%）', en: 'Plan completion (%)' },
  share: { zh: '总投资占比（%）', en: 'Share of total investment (%)' },
};

const dimensionSchema = z.enum(
  pivotDimensions,
  bilingual(
    '维度应为 industrySection、industryDivision、leadingIndustry、category、fundingSource、district、keyLevel、stage、sizeBand 或 startYear',
    'Dimension must be industrySection, industryDivision, leadingIndustry, category, fundingSource, district, keyLevel, stage, sizeBand or startYear',
  ),
);
const measureSchema = z.enum(
  pivotMeasures,
  bilingual(
    '指标应为 count、totalInvestment、annualPlan、completed、completionRate 或 share',
    'Measures are count, totalInvestment, annualPlan, completed, completionRate or share',
  ),
);

/** The ledger's filters, as on /api/projects (the recycle bin aside: deleted projects are not analysed). */
export const AnalysisFilterSchema = ProjectListQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
  order: true,
  deleted: true,
});
export type AnalysisFilter = z.infer<typeof AnalysisFilterSchema>;

const MAX_PERIOD_MONTHS = 60;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export const PivotQuerySchema = AnalysisFilterSchema.extend({
  rows: dimensionSchema,
  /** Optional: without it the table has one column of measures. */
  cols: dimensionSchema.optional(),
  measures: z.preprocess(
    (v) => {
      if (v === undefined || v === null || v === '') return undefined;
      const arr = Array.isArray(v) ? v : String(v).split(',');
      return arr.map((s) => String(s).trim()).filter((s) => s !== '');
    },
    z
      .array(measureSchema)
      .min(1, bilingual('至少选择一个指标', 'Choose at least one measure'))
      .default(['count', 'totalInvestment']),
  ),
  /** Months whose completed investment counts, 'YYYY-MM'; default January of `to`'s year to the current month. */
  from: MonthSchema.optional(),
  to: MonthSchema.optional(),
  /** The annual plans' year; default the year of `to`. */
  year: z.coerce
    .number()
    .int(bilingual('年份应为整数', 'Year must be a whole number'))
    .min(2000, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100'))
    .max(2100, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100'))
    .optional(),
  /** yoy: the same measures for the same period and plan year a year earlier. */
  compare: z.enum(['yoy'], bilingual('对比方式只能为 yoy（同比）', 'compare can only be yoy')).optional(),
}).superRefine((q, ctx) => {
  if (q.cols !== undefined && q.cols === q.rows) {
    ctx.addIssue({
      code: 'custom',
      path: ['cols'],
      ...bilingual('行维度和列维度不能相同', 'Rows and columns must be different dimensions'),
    });
  }
  if (q.from && q.to) {
    if (q.from > q.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        ...bilingualIssue(
          `起始月份 ${q.from} 晚于截止月份 ${q.to}`,
          `The period starts (${q.from}) after it ends (${q.to})`,
        ),
      });
    } else if (monthIndex(q.to) - monthIndex(q.from) >= MAX_PERIOD_MONTHS) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        ...bilingual('统计期间最长 60 个月', 'The period can be at most 60 months'),
      });
    }
  }
  if (q.investmentMin !== undefined && q.investmentMax !== undefined && q.investmentMin > q.investmentMax) {
    ctx.addIssue({
      code: 'custom',
      path: ['investmentMin'],
      ...bilingual('最小投资额大于最大投资额', 'The minimum investment is above the maximum'),
    });
  }
});
export type PivotQuery = z.infer<typeof PivotQuerySchema>;

/** Only the measures asked for are present; a measure that cannot be computed is null. */
export const PivotValuesSchema = z.object({
  count: z.number().nullable().optional(),
  totalInvestment: z.number().nullable().optional(),
  annualPlan: z.number().nullable().optional(),
  completed: z.number().nullable().optional(),
  completionRate: z.number().nullable().optional(),
  share: z.number().nullable().optional(),
});
export type PivotValues = z.infer<typeof PivotValuesSchema>;

export const PivotAxisSchema = z.object({
  dimension: z.enum(pivotDimensions),
  label: LabelSchema,
  values: z.array(
    z.object({
      /** The value's code ('' for "none": no leading industry, no start date …). */
      key: z.string(),
      label: LabelSchema,
      /** Ledger filters that list the value's projects; null when the ledger has no such filter. */
      drill: z.record(z.string(), z.string()).nullable(),
    }),
  ),
});
export type PivotAxis = z.infer<typeof PivotAxisSchema>;

const PivotTableSchema = z.object({
  /** cells[row][column]; one column when the query has no `cols`. */
  cells: z.array(z.array(PivotValuesSchema)),
  rowTotals: z.array(PivotValuesSchema),
  /** Empty when the query has no `cols`. */
  colTotals: z.array(PivotValuesSchema),
  grandTotal: PivotValuesSchema,
});

export const PivotSchema = z.object({
  rows: PivotAxisSchema,
  cols: PivotAxisSchema.nullable(),
  measures: z.array(z.enum(pivotMeasures)),
  period: z.object({ from: z.string(), to: z.string(), year: z.number().int() }),
  ...PivotTableSchema.shape,
  /** The same table a year earlier (compare=yoy): period measures only, count and totals null (no history). */
  comparison: PivotTableSchema.extend({
    period: z.object({ from: z.string(), to: z.string(), year: z.number().int() }),
  }).nullable(),
  /** How the figures are defined, in words (funding-source split, start year …). */
  notes: z.array(LabelSchema),
});
export type Pivot = z.infer<typeof PivotSchema>;

/** Size bands (万元): ascending upper bounds; the default is <1亿, 1–5亿, 5–10亿, 10–50亿, ≥50亿. */
export const defaultSizeBands = [10_000, 50_000, 100_000, 500_000] as const;

export const AnalysisSettingsInputSchema = z
  .object({
    sizeBands: z
      .array(
        z
          .number()
          .positive(bilingual('规模分档界限应大于 0', 'Band limits must be above 0'))
          .max(100_000_000, bilingual('规模分档界限超出范围', 'Band limit out of range')),
      )
      .min(1, bilingual('至少设一个分档界限', 'Give at least one band limit'))
      .max(12, bilingual('分档界限最多 12 个', 'At most 12 band limits')),
    /** The version read; 0 when nothing has been saved yet. */
    version: z.number().int().min(0),
  })
  .superRefine((s, ctx) => {
    s.sizeBands.forEach((limit, i) => {
      const previous = s.sizeBands[i - 1];
      if (previous !== undefined && limit <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['sizeBands', i],
          ...bilingualIssue(
            `分档界限应逐档增大：${limit} 不大于 ${previous}`,
            `Band limits must increase: ${limit} is not above ${previous}`,
          ),
        });
      }
    });
  });
export type AnalysisSettingsInput = z.infer<typeof AnalysisSettingsInputSchema>;

export const AnalysisSettingsSchema = z.object({
  sizeBands: z.array(z.number()),
  /** The bands as the analysis labels them. */
  bandLabels: z.array(LabelSchema),
  version: z.number().int(),
});
export type AnalysisSettings = z.infer<typeof AnalysisSettingsSchema>;
