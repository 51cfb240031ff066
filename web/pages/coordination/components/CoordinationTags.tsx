import { Tag, Typography } from 'antd';
import { labelOf } from '#domain/codelists.ts';
import {
  type CoordinationPriority,
  type CoordinationStatus,
  coordinationPriorities,
  coordinationStatuses,
} from '#domain/schemas/coordination.ts';
import type { CoordinationItem } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const statusColors: Record<CoordinationStatus, string> = {
  pending: 'gold',
  in_progress: 'processing',
  resolved: 'cyan',
  confirmed: 'success',
};
const priorityColors: Record<CoordinationPriority, string | undefined> = {
  urgent: 'red',
  high: 'orange',
  normal: undefined,
  low: undefined,
};

export function CoordinationStatusTag({ status }: { status: CoordinationStatus }) {
  const { locale } = useI18n();
  return (
    <Tag color={statusColors[status]} bordered={false} style={{ marginInlineEnd: 0 }} data-status={status}>
      {labelOf(coordinationStatuses.list, status, locale)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CoordinationPriority }) {
  const { locale } = useI18n();
  return (
    <Tag color={priorityColors[priority]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {labelOf(coordinationPriorities.list, priority, locale)}
    </Tag>
  );
}

/** 督办: level 1 once overdue, level 2 from ESCALATION_LEVEL_2_WORKING_DAYS working days past the deadline. */
export function EscalationTag({ level }: { level: number }) {
  const { t } = useI18n();
  if (level <= 0) return null;
  return (
    <Tag color={level >= 2 ? 'red' : 'orange'} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(level >= 2 ? 'coordination.escalated2' : 'coordination.escalated1')}
    </Tag>
  );
}

/** The deadline and, when the item is late, by how many working days. */
export function DeadlineText({ item }: { item: CoordinationItem }) {
  const { t } = useI18n();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {item.deadline}
      {item.overdue ? (
        <Typography.Text type="danger" style={{ marginInlineStart: 6 }}>
          {item.overdueWorkingDays === null
            ? t('coordination.overdue')
            : t('coordination.overdueDays', { days: item.overdueWorkingDays })}
        </Typography.Text>
      ) : null}
    </span>
  );
}
