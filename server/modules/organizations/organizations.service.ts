import { describeCreditCodeIssue, validateCreditCode } from '#domain/credit-code.ts';
import type {
  Organization,
  OrganizationCreateInput,
  OrganizationListQuery,
  OrganizationUpdateInput,
} from '#domain/schemas/organizations.ts';
import { type Actor, can } from '../../core/actor.ts';
import { diff } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, forbidden, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import * as repo from './organizations.repo.ts';

const ORGANIZATION = { zh: '单位', en: 'organisation' };

type CreditCheck = { creditCode: string | null; override: boolean; overrideReason: string | null };

/**
 * GB 32100-2015 check of the credit code. A failing code is refused with the wrong character named, unless an
 * actor with organization.override_credit_code gives a reason (real licences with bad check characters exist).
 */
function checkCreditCode(
  actor: Actor,
  raw: string | null | undefined,
  overrideReason: string | null | undefined,
): CreditCheck {
  const code = raw?.trim().toUpperCase() || null;
  if (!code) return { creditCode: null, override: false, overrideReason: null };
  const result = validateCreditCode(code);
  if (result.ok) return { creditCode: result.code, override: false, overrideReason: null };
  const structural = result.issues.some((i) => i.kind === 'length' || i.kind === 'charset');
  if (!structural && overrideReason && can(actor, 'organization.override_credit_code')) {
    return { creditCode: code, override: true, overrideReason };
  }
  const zh = result.issues.map((i) => describeCreditCodeIssue(i, 'zh-CN')).join('；');
  const en = result.issues.map((i) => describeCreditCodeIssue(i, 'en')).join('; ');
  throw invalidField('creditCode', {
    zh: `统一社会信用代码校验失败：${zh}`,
    en: `The credit code fails its check: ${en}`,
  });
}

export function createOrganizationService(ctx: ServiceContext) {
  const { db } = ctx;

  async function assertUnique(name: string | undefined, creditCode: string | null, exceptId?: string) {
    const clashes = (await repo.findByNameOrCode(db, name, creditCode)).filter((o) => o.id !== exceptId);
    const byName = clashes.find((o) => o.name === name);
    if (byName) {
      throw new AppError(
        'CONFLICT',
        { zh: `单位名称“${name}”已存在`, en: `An organisation named ${name} exists` },
        [{ field: 'name', message: { zh: '名称已存在', en: 'Name already exists' } }],
      );
    }
    if (creditCode && clashes.some((o) => o.creditCode === creditCode)) {
      throw new AppError(
        'CONFLICT',
        {
          zh: `统一社会信用代码 ${creditCode} 已登记`,
          en: `Credit code ${creditCode} is already registered`,
        },
        [{ field: 'creditCode', message: { zh: '代码已登记', en: 'Code already registered' } }],
      );
    }
  }

  return {
    find: (_actor: Actor, query: OrganizationListQuery) => repo.findOrganizations(db, query),

    async get(_actor: Actor, id: string): Promise<Organization> {
      const org = await repo.getOrganization(db, id);
      if (!org) throw notFound(ORGANIZATION);
      return org;
    },

    async create(actor: Actor, input: OrganizationCreateInput): Promise<Organization> {
      if (input.type === 'enterprise' && !input.creditCode) {
        throw invalidField('creditCode', {
          zh: '企业须填写统一社会信用代码',
          en: 'An enterprise needs its credit code',
        });
      }
      const credit = checkCreditCode(actor, input.creditCode, input.creditCodeOverrideReason);
      await assertUnique(input.name, credit.creditCode);
      return withAudit(db, actor, async (tx) => {
        const id = await repo.insertOrganization(tx, {
          name: input.name,
          type: input.type,
          creditCode: credit.creditCode,
          creditCodeOverride: credit.override,
          creditCodeOverrideReason: credit.overrideReason,
          contactName: input.contactName ?? null,
          contactPhone: input.contactPhone ?? null,
          divisionCode: input.divisionCode ?? null,
        });
        const created = (await repo.getOrganization(tx, id))!;
        return {
          result: created,
          audit: {
            action: credit.override ? 'organization.create_with_override' : 'organization.create',
            entityType: 'organization',
            entityId: id,
            after: created,
            detail: credit.overrideReason,
          },
        };
      });
    },

    async update(actor: Actor, id: string, input: OrganizationUpdateInput): Promise<Organization> {
      const current = await repo.getOrganization(db, id);
      if (!current) throw notFound(ORGANIZATION);
      if (!can(actor, 'organization.manage')) throw forbidden();
      const { version, creditCodeOverrideReason, ...changes } = input;
      const values: Record<string, unknown> = { ...changes };
      if (changes.creditCode !== undefined) {
        const credit = checkCreditCode(actor, changes.creditCode, creditCodeOverrideReason);
        values.creditCode = credit.creditCode;
        values.creditCodeOverride = credit.override;
        values.creditCodeOverrideReason = credit.overrideReason;
      }
      await assertUnique(changes.name, (values.creditCode as string | null | undefined) ?? null, id);
      return withAudit(db, actor, async (tx) => {
        if (!(await repo.updateOrganization(tx, id, version, values))) throw versionConflict();
        const updated = (await repo.getOrganization(tx, id))!;
        const d = diff(current, updated);
        return {
          result: updated,
          audit: {
            action: 'organization.update',
            entityType: 'organization',
            entityId: id,
            before: d.before,
            after: d.after,
            detail: creditCodeOverrideReason ?? null,
          },
        };
      });
    },
  };
}
