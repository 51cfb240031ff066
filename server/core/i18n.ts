import { z } from 'zod';
import type { Label, Locale } from '#domain/codelists.ts';
import { calendarFieldLabels } from '#domain/schemas/calendar.ts';
import { englishOf } from '#domain/schemas/common.ts';
import { coordinationFieldLabels } from '#domain/schemas/coordination.ts';
import { organizationFieldLabels } from '#domain/schemas/organizations.ts';
import { planFieldLabels } from '#domain/schemas/plans.ts';
import { progressReportFieldLabels } from '#domain/schemas/progress-reports.ts';
import { projectFieldLabels } from '#domain/schemas/projects.ts';

/** The interface language a request asked for: English when Accept-Language prefers it, else zh-CN. */
export function requestLocale(acceptLanguage: string | undefined): Locale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function pick(label: Label, locale: Locale): string {
  return locale === 'en' ? label.en : label.zh;
}

const fieldLabels: Record<string, Label> = {
  // The ledger's and organisations' labels come last so they win for shared names; modules whose fields collide
  // (a milestone's `name`) declare their own labels on their routes (config.fieldLabels).
  ...coordinationFieldLabels,
  ...calendarFieldLabels,
  ...planFieldLabels,
  ...progressReportFieldLabels,
  ...organizationFieldLabels,
  ...projectFieldLabels,
  reportDeadlineDay: { zh: '月报截止日', en: 'Report deadline day' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  displayName: { zh: '姓名', en: 'Name' },
  organizationId: { zh: '所属单位', en: 'Organisation' },
  roles: { zh: '角色', en: 'Roles' },
  reason: { zh: '原因', en: 'Reason' },
  file: { zh: '文件', en: 'File' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
};

/** "项目名称" for a path like ["name"] or "标签[2]" for ["tags", 2]. */
export function fieldLabel(
  path: readonly PropertyKey[],
  locale: Locale,
  own: Readonly<Record<string, Label>> = {},
): string {
  const [head, ...rest] = path;
  if (head === undefined) return locale === 'en' ? 'Request' : '请求';
  // A route's own labels win: `name` is 项目名称 in the ledger but 节点名称 for a milestone.
  const base = own[String(head)] ?? fieldLabels[String(head)];
  const name = base ? pick(base, locale) : String(head);
  return rest.length ? `${name}[${rest.map(String).join('.')}]` : name;
}

type IssueLike = { code: string; message: string; params?: unknown; [k: string]: unknown };

const zhLocale = z.locales.zhCN();
const enLocale = z.locales.en();

/**
 * A zod issue's message in the requested language: our own messages have their English text registered
 * (see `bilingual`); built-in issues are re-rendered with zod's locale for that language.
 */
export function localizeIssue(issue: IssueLike, locale: Locale): string {
  const own = englishOf(issue.message, issue.params);
  if (own !== undefined) return locale === 'en' ? own : issue.message;
  if (issue.code === 'custom') return issue.message;
  const render = locale === 'en' ? enLocale.localeError : zhLocale.localeError;
  try {
    const out = render(issue as unknown as Parameters<typeof render>[0]);
    const text = typeof out === 'string' ? out : out?.message;
    return text ?? issue.message;
  } catch {
    return issue.message;
  }
}
