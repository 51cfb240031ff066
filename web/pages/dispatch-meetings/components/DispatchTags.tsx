import { Tag, Typography } from 'antd';
import {
  type DispatchActionStatus,
  type DispatchMeetingStatus,
  dispatchActionStatusLabels,
  dispatchMeetingStatusLabels,
} from '#domain/schemas/dispatch-meetings.ts';
import type { DispatchAction } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const meetingColors: Record<DispatchMeetingStatus, string> = {
  scheduled: 'processing',
  held: 'success',
  cancelled: 'default',
};
const actionColors: Record<DispatchActionStatus, string> = {
  open: 'default',
  in_progress: 'processing',
  done: 'success',
  cancelled: 'default',
};

export function MeetingStatusTag({ status }: { status: DispatchMeetingStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={meetingColors[status]} bordered={false}>
      {pick(dispatchMeetingStatusLabels[status])}
    </Tag>
  );
}

export function ActionStatusTag({ status }: { status: DispatchActionStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={actionColors[status]} bordered={false}>
      {pick(dispatchActionStatusLabels[status])}
    </Tag>
  );
}

/** The deadline, with the working days overdue in red when the action is late. */
export function ActionDeadline({ action }: { action: DispatchAction }) {
  const { t } = useI18n();
  return (
    <span>
      {action.deadline}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {' '}
        {t('dispatch.workingDaysShort', { days: action.workingDays })}
      </Typography.Text>
      {action.overdue ? (
        <Tag color="error" bordered={false} style={{ marginInlineStart: 6 }}>
          {action.overdueWorkingDays === null
            ? t('dispatch.overdue')
            : t('dispatch.overdueDays', { days: action.overdueWorkingDays })}
        </Tag>
      ) : null}
    </span>
  );
}
