import { and, asc, eq, inArray, isNull, ne, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  type PhotoMimeType,
  type ProgressReport,
  type ProgressReportStatus,
  type ProgressReportVersion,
  type ReportPhoto,
  reportingStages,
} from '#domain/schemas/progress-reports.ts';
import type { Executor } from '../../db/client.ts';
import {
  appSettings,
  organizations,
  progressReports,
  progressReportVersions,
  projects,
  reportPhotos,
  users,
} from '../../db/schema.ts';
import { type ProjectScope, scopeCondition } from '../projects/projects.repo.ts';

export type ReportRow = typeof progressReports.$inferSelect;
export type ReportInsert = typeof progressReports.$inferInsert;
export type PhotoRow = typeof reportPhotos.$inferSelect;
export type PhotoInsert = typeof reportPhotos.$inferInsert;

/** What a version row keeps in `content`: the submitted values, and the review once there is one. */
export type VersionContent = {
  month: string;
  investmentThisMonth: number;
  physicalProgress: number | null;
  imageProgress: string | null;
  problems: string | null;
  overTotalExplanation: string | null;
  review?: {
    decision: 'accept' | 'return';
    reason: string | null;
    reviewedBy: string;
    reviewedAt: string;
  };
};

/** 'YYYY-MM' (API) ↔ 'YYYY-MM-01' (the date column). */
export const monthToDate = (month: string) => `${month}-01`;
export const dateToMonth = (date: string) => date.slice(0, 7);

const submitter = alias(users, 'submitter');
const reviewer = alias(users, 'reviewer');
const earlier = alias(progressReports, 'earlier');

/** The project's total up to and including this report's month: derived on read, never stored. */
const cumulative = (acceptedOnly: boolean) =>
  sql<string>`(select coalesce(sum(${earlier.investmentThisMonth}), 0) from ${progressReports} earlier
    where ${earlier.projectId} = ${progressReports.projectId} and ${earlier.month} <= ${progressReports.month}
    ${acceptedOnly ? sql`and ${earlier.status} = 'accepted'` : sql``})`;

function selectReports(db: Executor) {
  return db
    .select({
      r: progressReports,
      projectName: projects.name,
      submittedByName: submitter.displayName,
      reviewedByName: reviewer.displayName,
      cumulativeInvestment: cumulative(false),
      cumulativeAcceptedInvestment: cumulative(true),
      versionsCount: sql<number>`(select count(*)::int from ${progressReportVersions}
        where ${progressReportVersions.reportId} = ${progressReports.id})`,
      photosCount: sql<number>`(select count(*)::int from ${reportPhotos}
        where ${reportPhotos.reportId} = ${progressReports.id} and ${reportPhotos.deletedAt} is null)`,
    })
    .from(progressReports)
    .innerJoin(projects, eq(projects.id, progressReports.projectId))
    .leftJoin(submitter, eq(submitter.id, progressReports.submittedBy))
    .leftJoin(reviewer, eq(reviewer.id, progressReports.reviewedBy));
}

type JoinedReport = Awaited<ReturnType<ReturnType<typeof selectReports>['execute']>>[number];

function toReport(row: JoinedReport): ProgressReport {
  const r = row.r;
  return {
    id: r.id,
    projectId: r.projectId,
    projectName: row.projectName,
    month: dateToMonth(r.month),
    status: r.status,
    currentVersion: r.currentVersion,
    investmentThisMonth: r.investmentThisMonth,
    // numeric sums arrive as strings from node-postgres and PGlite alike.
    cumulativeInvestment: Number(row.cumulativeInvestment),
    cumulativeAcceptedInvestment: Number(row.cumulativeAcceptedInvestment),
    physicalProgress: r.physicalProgress,
    imageProgress: r.imageProgress,
    problems: r.problems,
    overTotalExplanation: r.overTotalExplanation,
    submittedBy: r.submittedBy,
    submittedByName: row.submittedByName,
    submittedAt: r.submittedAt.toISOString(),
    reviewedBy: r.reviewedBy,
    reviewedByName: row.reviewedByName,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewReason: r.reviewReason,
    versionsCount: Number(row.versionsCount),
    photosCount: Number(row.photosCount),
    version: r.version,
  };
}

export async function getReportView(db: Executor, id: string): Promise<ProgressReport | undefined> {
  const [row] = await selectReports(db).where(eq(progressReports.id, id)).limit(1);
  return row ? toReport(row) : undefined;
}

export async function findReportViews(db: Executor, projectId: string): Promise<ProgressReport[]> {
  const rows = await selectReports(db)
    .where(eq(progressReports.projectId, projectId))
    .orderBy(asc(progressReports.month));
  return rows.map(toReport);
}

export async function getReportRow(db: Executor, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(progressReports).where(eq(progressReports.id, id)).limit(1);
  return row;
}

/**
 * Takes the project's row lock for the rest of the transaction. Submissions of one project are serialised by
 * it, so that two months sent at once cannot both pass the cumulative-total check, and a retried request waits
 * for the first one and then finds its idempotency key.
 */
export async function lockProject(tx: Executor, projectId: string): Promise<void> {
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for('update');
}

export async function findReportByMonth(
  db: Executor,
  projectId: string,
  month: string,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.projectId, projectId), eq(progressReports.month, monthToDate(month))))
    .limit(1);
  return row;
}

export async function findVersionByKey(db: Executor, reportId: string, key: string) {
  const [row] = await db
    .select()
    .from(progressReportVersions)
    .where(and(eq(progressReportVersions.reportId, reportId), eq(progressReportVersions.idempotencyKey, key)))
    .limit(1);
  return row ? { ...row, content: row.content as VersionContent } : undefined;
}

/** Sum of the project's other months (any status), to which a submission adds its own month. */
export async function sumOtherMonths(db: Executor, projectId: string, month: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${progressReports.investmentThisMonth}), 0)` })
    .from(progressReports)
    .where(and(eq(progressReports.projectId, projectId), ne(progressReports.month, monthToDate(month))));
  return Number(row?.total ?? 0);
}

export async function insertReport(tx: Executor, values: ReportInsert): Promise<ReportRow> {
  const [row] = await tx.insert(progressReports).values(values).returning();
  return row!;
}

/** A re-submission: new current values, the next content version, and a fresh review cycle. */
export async function replaceReportValues(
  tx: Executor,
  id: string,
  values: Pick<
    ReportInsert,
    | 'investmentThisMonth'
    | 'physicalProgress'
    | 'imageProgress'
    | 'problems'
    | 'overTotalExplanation'
    | 'submittedBy'
  >,
): Promise<ReportRow> {
  const [row] = await tx
    .update(progressReports)
    .set({
      ...values,
      status: 'submitted',
      submittedAt: new Date(),
      // The review judged the previous version; it stays in that version's history, not on the new one.
      reviewedBy: null,
      reviewedAt: null,
      reviewReason: null,
      currentVersion: sql`${progressReports.currentVersion} + 1`,
      version: sql`${progressReports.version} + 1`,
    })
    .where(eq(progressReports.id, id))
    .returning();
  return row!;
}

export async function insertVersion(
  tx: Executor,
  values: {
    reportId: string;
    version: number;
    content: VersionContent;
    idempotencyKey: string | null;
    actorId: string;
  },
): Promise<void> {
  await tx.insert(progressReportVersions).values({ ...values, status: 'submitted' });
}

/**
 * Records a review on the report, only if nobody changed it since `version` was read and it still awaits
 * review. Returns the updated row, or undefined when either condition failed (the caller tells which).
 */
export async function reviewReport(
  tx: Executor,
  id: string,
  version: number,
  values: {
    status: 'accepted' | 'returned';
    reviewedBy: string;
    reviewedAt: Date;
    reviewReason: string | null;
  },
): Promise<ReportRow | undefined> {
  const [row] = await tx
    .update(progressReports)
    .set({ ...values, version: sql`${progressReports.version} + 1` })
    .where(
      and(
        eq(progressReports.id, id),
        eq(progressReports.version, version),
        eq(progressReports.status, 'submitted'),
      ),
    )
    .returning();
  return row;
}

/** The review also goes onto the version it judged, so the history reads "v1 returned: …, v2 accepted". */
export async function markVersionReviewed(
  tx: Executor,
  reportId: string,
  version: number,
  status: ProgressReportStatus,
  review: NonNullable<VersionContent['review']>,
): Promise<void> {
  await tx
    .update(progressReportVersions)
    .set({ status, content: sql`${progressReportVersions.content} || ${JSON.stringify({ review })}::jsonb` })
    .where(and(eq(progressReportVersions.reportId, reportId), eq(progressReportVersions.version, version)));
}

export async function findVersions(db: Executor, reportId: string): Promise<ProgressReportVersion[]> {
  const rows = await db
    .select({
      v: progressReportVersions,
      actorName: users.displayName,
    })
    .from(progressReportVersions)
    .leftJoin(users, eq(users.id, progressReportVersions.actorId))
    .where(eq(progressReportVersions.reportId, reportId))
    .orderBy(asc(progressReportVersions.version));
  const reviewerIds = [
    ...new Set(
      rows.map((r) => (r.v.content as VersionContent).review?.reviewedBy).filter((x): x is string => !!x),
    ),
  ];
  const reviewers = reviewerIds.length
    ? await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, reviewerIds))
    : [];
  const nameOf = new Map(reviewers.map((u) => [u.id, u.name]));
  return rows.map(({ v, actorName }) => {
    const c = v.content as VersionContent;
    return {
      version: v.version,
      status: v.status as ProgressReportStatus,
      investmentThisMonth: Number(c.investmentThisMonth),
      physicalProgress: c.physicalProgress ?? null,
      imageProgress: c.imageProgress ?? null,
      problems: c.problems ?? null,
      overTotalExplanation: c.overTotalExplanation ?? null,
      submittedBy: v.actorId,
      submittedByName: actorName,
      submittedAt: v.createdAt.toISOString(),
      review: c.review
        ? {
            decision: c.review.decision,
            reason: c.review.reason,
            reviewedBy: c.review.reviewedBy,
            reviewedByName: nameOf.get(c.review.reviewedBy) ?? null,
            reviewedAt: c.review.reviewedAt,
          }
        : null,
    };
  });
}

export function toPhoto(p: PhotoRow): ReportPhoto {
  const base = `/api/progress-reports/${p.reportId}/photos/${p.id}`;
  return {
    id: p.id,
    reportId: p.reportId,
    originalName: p.originalName,
    mimeType: p.mimeType as PhotoMimeType,
    sizeBytes: p.sizeBytes,
    width: p.width,
    height: p.height,
    takenAt: p.takenAt?.toISOString() ?? null,
    latitude: p.latitude,
    longitude: p.longitude,
    url: base,
    thumbnailUrl: p.thumbnailKey ? `${base}/thumbnail` : null,
    uploadedBy: p.uploadedBy,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function findPhotos(db: Executor, reportId: string): Promise<PhotoRow[]> {
  return db
    .select()
    .from(reportPhotos)
    .where(and(eq(reportPhotos.reportId, reportId), isNull(reportPhotos.deletedAt)))
    .orderBy(asc(reportPhotos.createdAt), asc(reportPhotos.id));
}

export async function getPhoto(
  db: Executor,
  reportId: string,
  photoId: string,
): Promise<PhotoRow | undefined> {
  const [row] = await db
    .select()
    .from(reportPhotos)
    .where(
      and(eq(reportPhotos.id, photoId), eq(reportPhotos.reportId, reportId), isNull(reportPhotos.deletedAt)),
    )
    .limit(1);
  return row;
}

export async function insertPhotos(tx: Executor, values: PhotoInsert[]): Promise<PhotoRow[]> {
  if (values.length === 0) return [];
  return tx.insert(reportPhotos).values(values).returning();
}

/** Photos are withdrawn, not erased: the file stays with the record, as the audit trail refers to it. */
export async function withdrawPhoto(tx: Executor, photoId: string): Promise<boolean> {
  const rows = await tx
    .update(reportPhotos)
    .set({ deletedAt: new Date() })
    .where(and(eq(reportPhotos.id, photoId), isNull(reportPhotos.deletedAt)))
    .returning({ id: reportPhotos.id });
  return rows.length > 0;
}

/** Status of the report inside a transaction, locked so that a review cannot slip between check and write. */
export async function lockReportStatus(tx: Executor, id: string): Promise<ProgressReportStatus | undefined> {
  const [row] = await tx
    .select({ status: progressReports.status })
    .from(progressReports)
    .where(eq(progressReports.id, id))
    .for('update');
  return row?.status;
}

const owner = alias(organizations, 'owner');
const leadDept = alias(organizations, 'lead_dept');
const chief = alias(users, 'chief');

/** Live projects in a reporting stage, within the scope, that have no report (of any status) for the month. */
export async function findProjectsMissingReport(db: Executor, month: string, scope: ProjectScope) {
  return db
    .select({
      id: projects.id,
      name: projects.name,
      code: projects.code,
      stage: projects.stage,
      ownerOrgId: projects.ownerOrgId,
      ownerOrgName: owner.name,
      chiefUserId: projects.chiefUserId,
      chiefName: chief.displayName,
      leadDepartmentId: projects.leadDepartmentId,
      leadDepartmentName: leadDept.name,
    })
    .from(projects)
    .innerJoin(owner, eq(owner.id, projects.ownerOrgId))
    .leftJoin(leadDept, eq(leadDept.id, projects.leadDepartmentId))
    .leftJoin(chief, eq(chief.id, projects.chiefUserId))
    .where(
      and(
        isNull(projects.deletedAt),
        inArray(projects.stage, [...reportingStages]),
        scopeCondition(scope),
        notExists(
          db
            .select({ one: sql`1` })
            .from(progressReports)
            .where(
              and(eq(progressReports.projectId, projects.id), eq(progressReports.month, monthToDate(month))),
            ),
        ),
      ),
    )
    .orderBy(asc(owner.name), asc(projects.name));
}

export async function readSetting(db: Executor, key: string): Promise<unknown> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, key));
  return row?.value;
}
