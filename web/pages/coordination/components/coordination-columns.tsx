import type { TableColumnsType } from 'antd';
import { Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { labelOf } from '#domain/codelists.ts';
import { coordinationCategories, coordinationFieldLabels } from '#domain/schemas/coordination.ts';
import type { CoordinationItem } from '../../../api/client.ts';
import type { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { CoordinationActions } from './CoordinationActions.tsx';
import { CoordinationStatusTag, DeadlineText, EscalationTag, PriorityTag } from './CoordinationTags.tsx';

type I18n = ReturnType<typeof useI18n>;

/** The columns of every list of coordination items; `withProject` adds the project (lists across projects). */
export function coordinationColumns(
  { t, pick, locale }: I18n,
  options: { withProject: boolean; onChanged: () => void },
): TableColumnsType<CoordinationItem> {
  const label = (key: keyof typeof coordinationFieldLabels) => pick(coordinationFieldLabels[key]);
  return [
    {
      key: 'title',
      title: label('title'),
      render: (_v, item) => (
        <Flex vertical gap={2} style={{ minWidth: 180 }}>
          <Link to={`/coordination/${item.id}`}>{item.title}</Link>
          {options.withProject ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.projectName}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'category',
      title: label('category'),
      render: (_v, item) => labelOf(coordinationCategories.list, item.category, locale),
    },
    {
      key: 'status',
      title: label('status'),
      render: (_v, item) => (
        <Flex gap={4} wrap>
          <CoordinationStatusTag status={item.status} />
          <EscalationTag level={item.escalationLevel} />
        </Flex>
      ),
    },
    {
      key: 'priority',
      title: label('priority'),
      render: (_v, item) => <PriorityTag priority={item.priority} />,
    },
    {
      key: 'departments',
      title: label('departmentIds'),
      render: (_v, item) => item.departments.map((d) => d.name).join(t('common.listSeparator')),
    },
    {
      key: 'deadline',
      title: t('coordination.deadline'),
      render: (_v, item) => <DeadlineText item={item} />,
    },
    {
      key: 'raised',
      title: t('coordination.raisedBy'),
      render: (_v, item) => (
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {item.raisedByName ?? '—'} · {formatDateTime(item.raisedAt)}
        </Typography.Text>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, item) => <CoordinationActions item={item} onChanged={options.onChanged} size="small" />,
    },
  ];
}
