import { Tag } from 'antd';
import { type ProgressReportStatus, progressReportStatusLabels } from '#domain/schemas/progress-reports.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const colors: Record<ProgressReportStatus, string> = {
  submitted: 'processing',
  accepted: 'success',
  returned: 'error',
};

export function ReportStatusTag({ status }: { status: ProgressReportStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={colors[status]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {pick(progressReportStatusLabels[status])}
    </Tag>
  );
}
