import { Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { DispatchCadence } from '#domain/schemas/dispatch-meetings.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const colors = { done: 'success', due: 'processing', overdue: 'error' } as const;

/**
 * 双月一调度 in the chief's workspace: whether the two-month period has had its dispatch meeting (held, about his
 * projects or with him there), the meeting to open, and his projects' decisions still owed.
 */
export function DispatchCadenceCard({ cadence }: { cadence: DispatchCadence }) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const meeting = cadence.meeting;
  const status =
    cadence.status === 'done'
      ? t('dispatch.cadence.done', { date: meeting?.meetingDate ?? '' })
      : cadence.status === 'due'
        ? t('dispatch.cadence.due', { date: cadence.dueBy, days: cadence.daysLeft ?? 0 })
        : t('dispatch.cadence.overdue', { days: cadence.daysOverdue ?? 0 });
  return (
    <Card size="small">
      <Flex gap={16} wrap align="center">
        <Typography.Text strong>
          {t('dispatch.cadence.title', { period: pick(cadence.periodLabel) })}
        </Typography.Text>
        <Tag color={colors[cadence.status]} bordered={false}>
          {status}
        </Tag>
        {meeting ? (
          can('dispatch.read') ? (
            <Link to={`/dispatch-meetings/${meeting.id}`}>
              {meeting.title}（{meeting.meetingDate}）
            </Link>
          ) : (
            <span>
              {meeting.title}（{meeting.meetingDate}）
            </span>
          )
        ) : (
          <Typography.Text type="secondary">{t('dispatch.cadence.noMeeting')}</Typography.Text>
        )}
        <Typography.Text type={cadence.overdueActions ? 'danger' : 'secondary'}>
          {t('dispatch.cadence.actions', { open: cadence.openActions, overdue: cadence.overdueActions })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
