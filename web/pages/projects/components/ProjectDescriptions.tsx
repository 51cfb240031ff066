import { Descriptions, type DescriptionsProps, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { keyLevels, labelOf, projectCategories } from '#domain/codelists.ts';
import { type Project, projectFieldLabels } from '#domain/schemas/projects.ts';
import { StageTag } from '../../../components/StageTag.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../../lib/format.ts';
import { industryText, localName, refNameOf, useReference } from '../../../lib/use-reference.ts';

type Item = NonNullable<DescriptionsProps['items']>[number];

/** Every field of a project, grouped as on the form; names (owner, chief…) come resolved in the response. */
export function ProjectDescriptions({
  project: p,
  compact = false,
}: {
  project: Project;
  compact?: boolean;
}) {
  const { t, pick, locale } = useI18n();
  const leadingIndustries = useReference('leadingIndustries');
  const industries = useReference('industries');
  const divisions = useReference('divisions');
  const money = (v: number | null) =>
    v === null ? '—' : <span className="gj-money">{`${formatMoney(v, locale)}`}</span>;
  const text = (v: string | null | undefined) => (v ? v : '—');
  const item = (key: string, label: string, children: ReactNode, span?: Item['span']): Item => ({
    key,
    label,
    children,
    span,
  });
  const column = compact ? 1 : { xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 };

  const groups: { title: string; items: Item[] }[] = [
    {
      title: t('projects.groupBasic'),
      items: [
        item('name', pick(projectFieldLabels.name), p.name),
        item(
          'code',
          pick(projectFieldLabels.code),
          p.code ? (
            <Space size={4} wrap>
              <span>{p.code}</span>
              {p.codeFormat ? <Tag bordered={false}>{t(`projects.codeFormat.${p.codeFormat}`)}</Tag> : null}
            </Space>
          ) : (
            '—'
          ),
        ),
        item('ownerOrgId', pick(projectFieldLabels.ownerOrgId), p.ownerOrgName),
        item(
          'category',
          pick(projectFieldLabels.category),
          labelOf(projectCategories.list, p.category, locale),
        ),
        item(
          'industryCode',
          pick(projectFieldLabels.industryCode),
          industryText(p.industryCode, localName(industries.items, p.industryCode, p.industryName, locale)),
        ),
        item(
          'leadingIndustry',
          pick(projectFieldLabels.leadingIndustry),
          text(refNameOf(leadingIndustries.items, p.leadingIndustry, locale)),
        ),
        item('keyLevel', pick(projectFieldLabels.keyLevel), labelOf(keyLevels.list, p.keyLevel, locale)),
        item('stage', pick(projectFieldLabels.stage), <StageTag stage={p.stage} />),
        item(
          'tags',
          pick(projectFieldLabels.tags),
          p.tags.length > 0 ? (
            <Flex gap={4} wrap>
              {p.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Flex>
          ) : (
            '—'
          ),
        ),
        item(
          'constructionContent',
          pick(projectFieldLabels.constructionContent),
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
            {text(p.constructionContent)}
          </Typography.Paragraph>,
          'filled',
        ),
      ],
    },
    {
      title: t('projects.groupInvestment'),
      items: [
        item('totalInvestment', pick(projectFieldLabels.totalInvestment), money(p.totalInvestment)),
        item(
          'investmentGovernment',
          pick(projectFieldLabels.investmentGovernment),
          money(p.investmentGovernment),
        ),
        item('investmentSocial', pick(projectFieldLabels.investmentSocial), money(p.investmentSocial)),
        item('investmentForeign', pick(projectFieldLabels.investmentForeign), money(p.investmentForeign)),
      ],
    },
    {
      title: t('projects.groupLocation'),
      items: [
        item(
          'divisionCode',
          pick(projectFieldLabels.divisionCode),
          text(localName(divisions.items, p.divisionCode, p.divisionName, locale)),
        ),
        item(
          'townCode',
          pick(projectFieldLabels.townCode),
          text(localName(divisions.items, p.townCode, p.townName, locale)),
        ),
        item(
          'location',
          t('projects.location'),
          p.longitude !== null && p.latitude !== null ? `${p.longitude}, ${p.latitude}` : '—',
        ),
      ],
    },
    {
      title: t('projects.groupSchedule'),
      items: [
        item('plannedStart', pick(projectFieldLabels.plannedStart), text(formatDate(p.plannedStart))),
        item(
          'plannedCompletion',
          pick(projectFieldLabels.plannedCompletion),
          text(formatDate(p.plannedCompletion)),
        ),
      ],
    },
    {
      title: t('projects.groupResponsibility'),
      items: [
        item('chiefUserId', pick(projectFieldLabels.chiefUserId), text(p.chiefName)),
        item('leadDepartmentId', pick(projectFieldLabels.leadDepartmentId), text(p.leadDepartmentName)),
      ],
    },
    {
      title: t('projects.groupRecord'),
      items: [
        item('createdAt', t('common.createdAt'), formatDateTime(p.createdAt)),
        item('updatedAt', t('common.updatedAt'), formatDateTime(p.updatedAt)),
        item('version', t('projects.version'), p.version),
        ...(p.deletedAt
          ? [
              item('deletedAt', t('projects.deletedAt'), formatDateTime(p.deletedAt)),
              item('deleteReason', t('projects.deleteReasonColumn'), text(p.deleteReason)),
            ]
          : []),
      ],
    },
  ];

  return (
    <Flex vertical gap={compact ? 16 : 24}>
      {groups.map((g) => (
        <Descriptions key={g.title} title={g.title} items={g.items} column={column} bordered size="small" />
      ))}
    </Flex>
  );
}
