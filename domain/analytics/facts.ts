/**
 * The analytics fact table: every project's ledger attributes, stage history, lights, annual plans and monthly
 * completed investment, held column by column in typed arrays so that the cockpit and the pivot can aggregate
 * 100,000 projects in a few milliseconds without asking the database (issue #5). Pure: the server's store
 * (server/modules/analytics/analytics.store.ts) fills it from PostgreSQL and keeps it current; tests fill it by
 * hand.
 *
 * Codes (organisations, users, industries …) are kept as small integers through dictionaries; index 0 of every
 * dictionary stands for "none" (NULL). Dates are day numbers (days since 1970-01-01, see iso-date.ts) and months
 * month numbers (year × 12 + month − 1); NO_DAY marks a missing date, NaN a missing amount.
 */
import { toDayNumber, toMonthNumber } from '../iso-date.ts';

export const NO_DAY = -2_147_483_648;
/** `deleted` of a project that is no longer in the database at all. */
export const GONE = 2;

/** Warning light codes in the `light` column and in light histories. */
export const LIGHT = { none: 0, green: 1, yellow: 2, red: 3 } as const;
export type LightColor = 'green' | 'yellow' | 'red';
export const lightCodes: readonly (LightColor | null)[] = [null, 'green', 'yellow', 'red'];

/** Strings ↔ small integers; value 0 is "none". Append-only, so codes stay valid across reloads. */
export class Dictionary {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>();

  /** The code of a value, added when new; null and '' are 0. */
  code(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return 0;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  /** The code of a value already known, or -1: for filters, which must not grow the dictionary. */
  find(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return 0;
    return this.index.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * Variable-length numbers per project (its stage moves, light changes, coordination items) in one shared array:
 * a typed array per project would cost more in object headers than its contents. A project's numbers are
 * data[offset[i] … offset[i] + length[i]); replacing them appends, and the array is compacted when half of it is
 * garbage.
 */
export class Arena {
  data = new Float64Array(1024);
  offset: Int32Array;
  length: Int32Array;
  private used = 0;
  private garbage = 0;

  constructor(capacity: number) {
    this.offset = new Int32Array(capacity);
    this.length = new Int32Array(capacity);
  }

  set(i: number, values: ArrayLike<number>): void {
    this.garbage += this.length[i] as number;
    const n = values.length;
    this.length[i] = n;
    this.offset[i] = 0;
    if (n === 0) return;
    if (this.used + n > this.data.length) this.compact(n);
    this.data.set(values, this.used);
    this.offset[i] = this.used;
    this.used += n;
  }

  grow(capacity: number): void {
    const offset = new Int32Array(capacity);
    offset.set(this.offset);
    const length = new Int32Array(capacity);
    length.set(this.length);
    this.offset = offset;
    this.length = length;
  }

  get bytes(): number {
    return this.data.byteLength + this.offset.byteLength + this.length.byteLength;
  }

  /** Copies the live numbers to the front of a (larger, if need be) array, making room for `more`. */
  private compact(more: number): void {
    const live = this.used - this.garbage;
    // A quarter to spare: enough that a full load compacts a few dozen times at most, little memory left idle.
    const size = Math.max(1024, Math.ceil((live + more) * 1.25));
    const data = new Float64Array(size);
    let at = 0;
    for (let i = 0; i < this.offset.length; i++) {
      const n = this.length[i] as number;
      if (n === 0) continue;
      data.set(this.data.subarray(this.offset[i] as number, (this.offset[i] as number) + n), at);
      this.offset[i] = at;
      at += n;
    }
    this.data = data;
    this.used = at;
    this.garbage = 0;
  }
}
/** An annual plan's amount (万元) and 序时进度 (12 cumulative percentages), null for the even split. */
export type PlanFact = { amount: number; schedule: readonly number[] | null };

/**
 * A project's coordination items, packed as numbers (in the `items` arena): [item count, then per item: deadline day, raised at (ms), raiser (user code), open now (0/1), number of status
 * changes, [at (ms), open after it (0/1)] per change, number of assigned departments, organisation code per
 * department].
 */

/** One coordination item as the store reads it. */
export type ItemInput = {
  deadline: number;
  raisedAt: number;
  raisedBy: string | null;
  openNow: boolean;
  /** Status changes in order: when, and whether the item was open after it. */
  changes: readonly { at: number; open: boolean }[];
  departments: readonly string[];
};

/** The attributes of a project as the database gives them. */
export type ProjectAttributes = {
  id: string;
  deleted: boolean;
  hasCode: boolean;
  category: string;
  keyLevel: string;
  stage: string;
  industryCode: string;
  leadingIndustry: string | null;
  divisionCode: string;
  townCode: string | null;
  ownerOrgId: string;
  chiefUserId: string | null;
  leadDepartmentId: string | null;
  totalInvestment: number;
  investmentGovernment: number | null;
  investmentSocial: number | null;
  investmentForeign: number | null;
  plannedStart: string | null;
  plannedCompletion: string | null;
  actualStart: string | null;
  actualCompletion: string | null;
  light: LightColor | null;
};

const day = (date: string | null): number => (date === null ? NO_DAY : (toDayNumber(date) ?? NO_DAY));

/**
 * The fact table. Slots are never freed: a deleted project keeps its slot with `deleted` set (it may be
 * restored), so indexes stay stable for the life of the table.
 */
export class ProjectFacts {
  count = 0;
  capacity: number;
  readonly ids: string[] = [];
  private readonly slotOf = new Map<string, number>();

  // Dictionaries shared by several columns: organisations (owners and lead departments) and users (chiefs, raisers).
  readonly organizations = new Dictionary();
  readonly users = new Dictionary();
  readonly categories = new Dictionary();
  readonly keyLevels = new Dictionary();
  readonly stages = new Dictionary();
  readonly industries = new Dictionary();
  readonly leadingIndustries = new Dictionary();
  readonly divisions = new Dictionary();
  readonly towns = new Dictionary();

  /** 0 live, 1 soft-deleted (recycle bin), GONE no longer in the database. */
  deleted: Uint8Array;
  hasCode: Uint8Array;
  category: Uint8Array;
  keyLevel: Uint8Array;
  stage: Uint8Array;
  industry: Int32Array;
  leadingIndustry: Int32Array;
  division: Int32Array;
  town: Int32Array;
  ownerOrg: Int32Array;
  chief: Int32Array;
  leadDept: Int32Array;
  totalInvestment: Float64Array;
  investmentGovernment: Float64Array;
  investmentSocial: Float64Array;
  investmentForeign: Float64Array;
  plannedStart: Int32Array;
  plannedCompletion: Int32Array;
  actualStart: Int32Array;
  actualCompletion: Int32Array;
  light: Uint8Array;
  /** Stage moves ('same' excluded) in stageOnSql's order (day moved, then recording): [day, from, to] each. */
  moves: Arena;
  /** Light changes, oldest first: [ms since the epoch, LIGHT code] each. */
  lightChanges: Arena;
  /** Coordination items, packed as ItemInput describes. */
  items: Arena;
  /** Annual plan amounts by year, NaN where a project has no plan for the year. */
  readonly planAmount = new Map<number, Float64Array>();
  /** Their 序时进度, undefined for the even split (or no plan). */
  readonly planSchedule = new Map<number, (readonly number[] | undefined)[]>();

  /** Months held in the month matrix: [firstMonth, firstMonth + monthSpan). */
  firstMonth = 0;
  monthSpan = 0;
  /** Completed investment (万元) of submitted and accepted reports, project-major: [slot × monthSpan + month]. */
  completed: Float64Array;
  /** 1 where the project has a report of any status for the month (the missing-reports rule). */
  reported: Uint8Array;

  constructor(capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    const n = this.capacity;
    this.deleted = new Uint8Array(n);
    this.hasCode = new Uint8Array(n);
    this.category = new Uint8Array(n);
    this.keyLevel = new Uint8Array(n);
    this.stage = new Uint8Array(n);
    this.industry = new Int32Array(n);
    this.leadingIndustry = new Int32Array(n);
    this.division = new Int32Array(n);
    this.town = new Int32Array(n);
    this.ownerOrg = new Int32Array(n);
    this.chief = new Int32Array(n);
    this.leadDept = new Int32Array(n);
    this.totalInvestment = new Float64Array(n);
    this.investmentGovernment = new Float64Array(n);
    this.investmentSocial = new Float64Array(n);
    this.investmentForeign = new Float64Array(n);
    this.plannedStart = new Int32Array(n);
    this.plannedCompletion = new Int32Array(n);
    this.actualStart = new Int32Array(n);
    this.actualCompletion = new Int32Array(n);
    this.light = new Uint8Array(n);
    this.moves = new Arena(n);
    this.lightChanges = new Arena(n);
    this.items = new Arena(n);
    this.completed = new Float64Array(0);
    this.reported = new Uint8Array(0);
  }

  /** The slot of a project, or undefined when the table has never held it. */
  slot(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  /** Sets a project's attributes (a new slot for a new project) and returns its slot. */
  setProject(p: ProjectAttributes): number {
    let i = this.slotOf.get(p.id);
    if (i === undefined) {
      if (this.count === this.capacity) this.grow(this.capacity * 2);
      i = this.count++;
      this.ids[i] = p.id;
      this.slotOf.set(p.id, i);
    }
    this.deleted[i] = p.deleted ? 1 : 0;
    this.hasCode[i] = p.hasCode ? 1 : 0;
    this.category[i] = this.categories.code(p.category);
    this.keyLevel[i] = this.keyLevels.code(p.keyLevel);
    this.stage[i] = this.stages.code(p.stage);
    this.industry[i] = this.industries.code(p.industryCode);
    this.leadingIndustry[i] = this.leadingIndustries.code(p.leadingIndustry);
    this.division[i] = this.divisions.code(p.divisionCode);
    this.town[i] = this.towns.code(p.townCode);
    this.ownerOrg[i] = this.organizations.code(p.ownerOrgId);
    this.chief[i] = this.users.code(p.chiefUserId);
    this.leadDept[i] = this.organizations.code(p.leadDepartmentId);
    this.totalInvestment[i] = p.totalInvestment;
    this.investmentGovernment[i] = p.investmentGovernment ?? Number.NaN;
    this.investmentSocial[i] = p.investmentSocial ?? Number.NaN;
    this.investmentForeign[i] = p.investmentForeign ?? Number.NaN;
    this.plannedStart[i] = day(p.plannedStart);
    this.plannedCompletion[i] = day(p.plannedCompletion);
    this.actualStart[i] = day(p.actualStart);
    this.actualCompletion[i] = day(p.actualCompletion);
    this.light[i] = p.light === null ? LIGHT.none : LIGHT[p.light];
    return i;
  }

  /**
   * Marks a project that is no longer in the database (a hard delete) as gone; its other facts are cleared so
   * that nothing of it counts anywhere.
   */
  removeProject(id: string): void {
    const i = this.slotOf.get(id);
    if (i === undefined) return;
    this.deleted[i] = GONE;
    this.clearMonths(i);
    this.setPlans(i, []);
    this.moves.set(i, []);
    this.lightChanges.set(i, []);
    this.setItems(i, []);
  }

  /** Replaces the project's stage moves ('same' excluded), given in stageOnSql's order. */
  setMoves(i: number, moves: readonly { movedOn: string; from: string | null; to: string }[]): void {
    const m: number[] = [];
    for (const x of moves) m.push(day(x.movedOn), this.stages.code(x.from), this.stages.code(x.to));
    this.moves.set(i, m);
  }

  /** Replaces the project's light history (oldest first). */
  setLightChanges(i: number, changes: readonly { at: number; color: LightColor | null }[]): void {
    const h: number[] = [];
    for (const c of changes) h.push(c.at, c.color === null ? LIGHT.none : LIGHT[c.color]);
    this.lightChanges.set(i, h);
  }

  private readonly schedules = new Map<string, readonly number[]>();

  /**
   * One shared array per distinct 序时进度: plans often follow the same curve, and 100,000 small arrays scattered
   * in memory make the cockpit's pass over the plans wait on the memory rather than compute.
   */
  private internSchedule(schedule: readonly number[]): readonly number[] {
    const key = schedule.join(',');
    let shared = this.schedules.get(key);
    if (!shared) {
      shared = [...schedule];
      this.schedules.set(key, shared);
    }
    return shared;
  }

  /** Replaces the project's annual plans. */
  setPlans(i: number, plans: readonly ({ year: number } & PlanFact)[]): void {
    for (const [, amounts] of this.planAmount) amounts[i] = Number.NaN;
    for (const [, schedules] of this.planSchedule) schedules[i] = undefined;
    for (const p of plans) {
      let amounts = this.planAmount.get(p.year);
      if (!amounts) {
        amounts = new Float64Array(this.capacity).fill(Number.NaN);
        this.planAmount.set(p.year, amounts);
        this.planSchedule.set(p.year, []);
      }
      amounts[i] = p.amount;
      (this.planSchedule.get(p.year) as (readonly number[] | undefined)[])[i] = p.schedule
        ? this.internSchedule(p.schedule)
        : undefined;
    }
  }

  /** Forgets the project's reports (before they are set again). */
  clearMonths(i: number): void {
    const span = this.monthSpan;
    if (span === 0) return;
    this.completed.fill(0, i * span, (i + 1) * span);
    this.reported.fill(0, i * span, (i + 1) * span);
  }

  /**
   * Records the project's report for a month (month number): the completed investment it counts (0 for a returned
   * report, which does not count) and that the month has a report. ensureMonths must cover the month.
   */
  setMonth(i: number, month: number, completed: number): void {
    const at = i * this.monthSpan + month - this.firstMonth;
    this.completed[at] = completed;
    this.reported[at] = 1;
  }

  /** Replaces the project's coordination items. */
  setItems(i: number, items: readonly ItemInput[]): void {
    this.indexItems(i, -1);
    if (items.length === 0) {
      this.items.set(i, []);
      return;
    }
    const out: number[] = [items.length];
    for (const it of items) {
      out.push(it.deadline, it.raisedAt, this.users.code(it.raisedBy), it.openNow ? 1 : 0);
      // An item is open from the moment it is raised: a change that leaves the state as it was adds nothing.
      const kept: number[] = [];
      let open = true;
      for (const c of it.changes) {
        if (c.open === open) continue;
        open = c.open;
        kept.push(c.at, c.open ? 1 : 0);
      }
      out.push(kept.length / 2, ...kept, it.departments.length);
      for (const d of it.departments) out.push(this.organizations.code(d));
    }
    this.items.set(i, out);
    this.indexItems(i, 1);
  }

  /**
   * Projects with items raised by a user, or assigned to an organisation (codes): an actor sees those items even
   * on projects outside his scope, and this spares the cockpit a pass over every item of the zone to find them.
   */
  readonly itemProjectsByRaiser = new Map<number, Map<number, number>>();
  readonly itemProjectsByDepartment = new Map<number, Map<number, number>>();

  /** Adds project i's items to the indexes (sign 1) or takes them out (−1); a count per project and key. */
  private indexItems(i: number, sign: 1 | -1): void {
    const n = this.items.length[i] as number;
    if (n === 0) return;
    const it = this.items.data;
    const bump = (index: Map<number, Map<number, number>>, key: number) => {
      if (key <= 0) return;
      let slots = index.get(key);
      if (!slots) {
        slots = new Map();
        index.set(key, slots);
      }
      const count = (slots.get(i) ?? 0) + sign;
      if (count > 0) slots.set(i, count);
      else slots.delete(i);
    };
    let at = (this.items.offset[i] as number) + 1;
    const items = it[at - 1] as number;
    for (let k = 0; k < items; k++) {
      bump(this.itemProjectsByRaiser, it[at + 2] as number);
      const depts = at + 5 + 2 * (it[at + 4] as number);
      const count = it[depts] as number;
      for (let d = 1; d <= count; d++) bump(this.itemProjectsByDepartment, it[depts + d] as number);
      at = depts + 1 + count;
    }
  }

  /**
   * Widens the month matrix to hold [lo, hi], with a year of room ahead: reports arrive for new months, rarely for
   * months before the earliest one.
   */
  ensureMonths(lo: number, hi: number): void {
    if (this.monthSpan > 0 && lo >= this.firstMonth && hi < this.firstMonth + this.monthSpan) return;
    const first = this.monthSpan > 0 ? Math.min(this.firstMonth, lo) : lo;
    const last = this.monthSpan > 0 ? Math.max(this.firstMonth + this.monthSpan - 1, hi + 12) : hi + 12;
    this.relayout(this.capacity, first, last - first + 1);
  }

  private grow(capacity: number): void {
    const resize = <T extends Uint8Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.deleted = resize(this.deleted);
    this.hasCode = resize(this.hasCode);
    this.category = resize(this.category);
    this.keyLevel = resize(this.keyLevel);
    this.stage = resize(this.stage);
    this.industry = resize(this.industry);
    this.leadingIndustry = resize(this.leadingIndustry);
    this.division = resize(this.division);
    this.town = resize(this.town);
    this.ownerOrg = resize(this.ownerOrg);
    this.chief = resize(this.chief);
    this.leadDept = resize(this.leadDept);
    this.totalInvestment = resize(this.totalInvestment);
    this.investmentGovernment = resize(this.investmentGovernment);
    this.investmentSocial = resize(this.investmentSocial);
    this.investmentForeign = resize(this.investmentForeign);
    this.plannedStart = resize(this.plannedStart);
    this.plannedCompletion = resize(this.plannedCompletion);
    this.actualStart = resize(this.actualStart);
    this.actualCompletion = resize(this.actualCompletion);
    this.light = resize(this.light);
    this.moves.grow(capacity);
    this.lightChanges.grow(capacity);
    this.items.grow(capacity);
    for (const [year, amounts] of this.planAmount) {
      const b = new Float64Array(capacity).fill(Number.NaN);
      b.set(amounts);
      this.planAmount.set(year, b);
    }
    this.relayout(capacity, this.firstMonth, this.monthSpan);
  }

  private relayout(capacity: number, first: number, span: number): void {
    const completed = new Float64Array(capacity * span);
    const reported = new Uint8Array(capacity * span);
    if (this.monthSpan > 0) {
      const shift = this.firstMonth - first;
      for (let i = 0; i < this.count; i++) {
        const from = i * this.monthSpan;
        const to = i * span + shift;
        completed.set(this.completed.subarray(from, from + this.monthSpan), to);
        reported.set(this.reported.subarray(from, from + this.monthSpan), to);
      }
    }
    this.completed = completed;
    this.reported = reported;
    this.firstMonth = first;
    this.monthSpan = span;
    this.capacity = capacity;
  }

  /** Completed investment of project i over the months [fromMonth, toMonth] (month numbers). */
  completedBetween(i: number, fromMonth: number, toMonth: number): number {
    const lo = Math.max(fromMonth, this.firstMonth);
    const hi = Math.min(toMonth, this.firstMonth + this.monthSpan - 1);
    let sum = 0;
    const base = i * this.monthSpan - this.firstMonth;
    for (let m = lo; m <= hi; m++) sum += this.completed[base + m] as number;
    return sum;
  }

  /** Whether project i has a report (any status) for the month. */
  hasReport(i: number, month: number): boolean {
    if (month < this.firstMonth || month >= this.firstMonth + this.monthSpan) return false;
    return this.reported[i * this.monthSpan + month - this.firstMonth] === 1;
  }

  /**
   * The stage project i stood in at the end of `dayNumber`, as stageOnSql (projects.repo.ts) reads the stage
   * history: the stage entered by the last move made on or before the day; before its first move, the stage that
   * move left (when recorded); otherwise the stage now. Returns a code of `stages`.
   */
  stageOn(i: number, dayNumber: number): number {
    const n = this.moves.length[i] as number;
    if (n === 0) return this.stage[i] as number;
    const m = this.moves.data;
    const base = this.moves.offset[i] as number;
    let last = -1;
    for (let k = base; k < base + n; k += 3) {
      if ((m[k] as number) <= dayNumber) last = k;
      else break;
    }
    if (last >= 0) return m[last + 2] as number;
    const from = m[base + 1] as number;
    return from !== 0 ? from : (this.stage[i] as number);
  }

  /** The light of project i just before `atMs`, from its light history: a LIGHT code (none before its first). */
  lightBefore(i: number, atMs: number): number {
    const n = this.lightChanges.length[i] as number;
    const h = this.lightChanges.data;
    const base = this.lightChanges.offset[i] as number;
    let color: number = LIGHT.none;
    for (let k = base; k < base + n; k += 2) {
      if ((h[k] as number) < atMs) color = h[k + 1] as number;
      else break;
    }
    return color;
  }

  /** Rough bytes held by the table, for the load log and the memory budget. */
  approximateBytes(): number {
    let bytes = this.capacity * (1 * 6 + 4 * 11 + 8 * 4);
    bytes += this.completed.byteLength + this.reported.byteLength;
    for (const [, a] of this.planAmount) bytes += a.byteLength;
    bytes += this.moves.bytes + this.lightChanges.bytes + this.items.bytes;
    // ids (uuid strings) and the id → slot map
    bytes += this.count * (56 + 80);
    return bytes;
  }
}

/** Day number of an ISO date that the caller has validated. */
export function dayOf(date: string): number {
  const d = toDayNumber(date);
  if (d === null) throw new RangeError(`Invalid date ${date}`);
  return d;
}

/** Month number of 'YYYY-MM' or of the month of 'YYYY-MM-DD'. */
export function monthOf(dateOrMonth: string): number {
  const m = toMonthNumber(dateOrMonth.slice(0, 7));
  if (m === null) throw new RangeError(`Invalid month ${dateOrMonth}`);
  return m;
}

/** 'YYYY-MM' of a month number. */
export function monthText(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}
