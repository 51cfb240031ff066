import {
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  FileImageOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  Modal,
  Popconfirm,
  Tag,
  Timeline,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { progressReportFieldLabels } from '#domain/schemas/progress-reports.ts';
import { ApiError, api, type ProgressReportDetail, type ReportPhoto } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ReportStatusTag } from './ReportStatusTag.tsx';

type Props = {
  projectId: string;
  reportId: string | undefined;
  onClose: () => void;
  /** A review or a photo change: the list behind the drawer reloads. */
  onChanged: () => void;
};

/** One monthly report: its values, photos, every submitted version, and the review (通过 / 退回). */
export function ReportDrawer({ projectId, reportId, onClose, onChanged }: Props) {
  const { t, pick, locale } = useI18n();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useAsync(
    () => (reportId ? api.reports.get(reportId) : Promise.resolve(undefined)),
    [reportId],
  );
  const [returning, setReturning] = useState(false);
  const [busy, setBusy] = useState(false);
  const report = data && data.id === reportId ? data : undefined;

  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
      message.warning(t('reports.conflict'));
      reload();
      onChanged();
    } else {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const review = async (decision: 'accept' | 'return', reason: string | null) => {
    if (!report) return false;
    setBusy(true);
    try {
      await api.reports.review(report.id, { decision, reason, version: report.version });
      message.success(t(decision === 'accept' ? 'reports.accepted' : 'reports.returned'));
      reload();
      onChanged();
      return true;
    } catch (e) {
      failed(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const canReview = report?.status === 'submitted' && can('report.review') && report.submittedBy !== me?.id;
  const canCorrect = report !== undefined && report.status !== 'accepted' && can('report.submit');

  const label = (key: keyof typeof progressReportFieldLabels) => pick(progressReportFieldLabels[key]);

  return (
    <Drawer
      open={reportId !== undefined}
      onClose={onClose}
      width={Math.min(760, window.innerWidth)}
      title={
        report ? (
          <Flex gap={8} align="center" wrap>
            <span>{t('reports.drawerTitle', { month: report.month })}</span>
            <ReportStatusTag status={report.status} />
          </Flex>
        ) : (
          t('reports.title')
        )
      }
      loading={loading && !report}
      footer={
        report && (canReview || canCorrect) ? (
          <Flex gap={8} wrap justify="flex-end">
            {canCorrect ? (
              <Button
                icon={<EditOutlined aria-hidden />}
                onClick={() => navigate(`/projects/${projectId}/reports/new?month=${report.month}`)}
              >
                {t('reports.correct')}
              </Button>
            ) : null}
            {canReview ? (
              <>
                <Button danger icon={<RollbackOutlined aria-hidden />} onClick={() => setReturning(true)}>
                  {t('reports.return')}
                </Button>
                <Popconfirm
                  title={t('reports.acceptConfirm', { month: report.month })}
                  okText={t('reports.accept')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => review('accept', null)}
                >
                  <Button type="primary" icon={<CheckOutlined aria-hidden />} loading={busy}>
                    {t('reports.accept')}
                  </Button>
                </Popconfirm>
              </>
            ) : null}
          </Flex>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {report ? (
        <>
          {report.status === 'returned' ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('reports.returnReasonIs', { reason: report.reviewReason ?? '—' })}
            />
          ) : null}
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'month', label: label('month'), children: report.month },
              {
                key: 'investment',
                label: label('investmentThisMonth'),
                children: <span className="gj-money">{formatMoney(report.investmentThisMonth, locale)}</span>,
              },
              {
                key: 'cumulative',
                label: t('reports.cumulative'),
                children: (
                  <span className="gj-money">{formatMoney(report.cumulativeInvestment, locale)}</span>
                ),
              },
              {
                key: 'accepted',
                label: t('reports.cumulativeAccepted'),
                children: (
                  <span className="gj-money">{formatMoney(report.cumulativeAcceptedInvestment, locale)}</span>
                ),
              },
              {
                key: 'physical',
                label: label('physicalProgress'),
                children: report.physicalProgress === null ? '—' : `${report.physicalProgress}%`,
              },
              {
                key: 'image',
                label: label('imageProgress'),
                children: (
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{report.imageProgress}</Typography.Text>
                ),
              },
              {
                key: 'problems',
                label: label('problems'),
                children: (
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                    {report.problems ?? '—'}
                  </Typography.Text>
                ),
              },
              ...(report.overTotalExplanation
                ? [
                    {
                      key: 'overTotal',
                      label: label('overTotalExplanation'),
                      children: report.overTotalExplanation,
                    },
                  ]
                : []),
              {
                key: 'submitted',
                label: t('reports.submittedBy'),
                children: `${report.submittedByName ?? '—'} · ${formatDateTime(report.submittedAt)} · ${t('reports.versionN', { n: report.currentVersion })}`,
              },
              ...(report.reviewedAt
                ? [
                    {
                      key: 'reviewed',
                      label: t('reports.reviewedBy'),
                      children: `${report.reviewedByName ?? '—'} · ${formatDateTime(report.reviewedAt)}`,
                    },
                  ]
                : []),
            ]}
          />

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('reports.photos')} ({report.photos.length})
          </Typography.Title>
          <PhotoGrid
            report={report}
            canDelete={report.status !== 'accepted' && can('report.submit')}
            onDeleted={() => {
              reload();
              onChanged();
            }}
          />

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('reports.versions')} ({report.versions.length})
          </Typography.Title>
          <VersionHistory report={report} />
        </>
      ) : null}

      <ReturnModal
        open={returning}
        month={report?.month ?? ''}
        busy={busy}
        onCancel={() => setReturning(false)}
        onReturn={async (reason) => {
          if (await review('return', reason)) setReturning(false);
        }}
      />
    </Drawer>
  );
}

function PhotoGrid({
  report,
  canDelete,
  onDeleted,
}: {
  report: ProgressReportDetail;
  canDelete: boolean;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  if (report.photos.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noPhotos')} />;

  const remove = async (photo: ReportPhoto) => {
    try {
      await api.reports.deletePhoto(report.id, photo.id);
      message.success(t('reports.photoDeleted'));
      onDeleted();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Image.PreviewGroup>
      <Flex gap={12} wrap role="list" aria-label={t('reports.photos')}>
        {report.photos.map((photo) => {
          const name = photo.originalName ?? photo.id;
          return (
            <Flex key={photo.id} vertical gap={4} role="listitem" style={{ width: 132 }}>
              {photo.thumbnailUrl ? (
                <Image
                  src={photo.thumbnailUrl}
                  preview={{ src: photo.url }}
                  alt={name}
                  width={132}
                  height={100}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                />
              ) : (
                // Photos stored before HEIC thumbnails existed have none: a placeholder that opens the original.
                <a
                  href={photo.url}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={t('reports.heicOpen', { name })}
                  style={{
                    width: 132,
                    height: 100,
                    borderRadius: 4,
                    background: token.colorFillTertiary,
                    display: 'flex',
                    flexDirection: 'column',
                    alignItems: 'center',
                    justifyContent: 'center',
                    color: token.colorTextSecondary,
                  }}
                >
                  <FileImageOutlined style={{ fontSize: 28 }} aria-hidden />
                  <span style={{ fontSize: 12 }}>{t('reports.noThumbnail')}</span>
                </a>
              )}
              <Typography.Text ellipsis={{ tooltip: name }} style={{ fontSize: 12 }}>
                {name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {photo.takenAt ? formatDateTime(photo.takenAt) : formatDateTime(photo.createdAt)}
                {photo.latitude !== null && photo.longitude !== null ? ` · GPS` : ''}
              </Typography.Text>
              {canDelete ? (
                <Popconfirm
                  title={t('reports.photoDeleteConfirm')}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(photo)}
                >
                  <Button size="small" type="text" danger icon={<DeleteOutlined aria-hidden />}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
          );
        })}
      </Flex>
    </Image.PreviewGroup>
  );
}

function VersionHistory({ report }: { report: ProgressReportDetail }) {
  const { t, locale } = useI18n();
  if (report.versions.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noVersions')} />;
  return (
    <Timeline
      items={[...report.versions]
        .sort((a, b) => b.version - a.version)
        .map((v) => ({
          key: v.version,
          color: v.review?.decision === 'return' ? 'red' : v.review ? 'green' : 'blue',
          children: (
            <Flex vertical gap={2}>
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{t('reports.versionN', { n: v.version })}</Typography.Text>
                <ReportStatusTag status={v.status} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.submittedByName ?? '—'} · {formatDateTime(v.submittedAt)}
                </Typography.Text>
              </Flex>
              <Typography.Text>
                {t('reports.versionValues', {
                  amount: formatMoney(v.investmentThisMonth, locale),
                  physical: v.physicalProgress === null ? '—' : `${v.physicalProgress}%`,
                })}
              </Typography.Text>
              {v.imageProgress ? (
                <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {v.imageProgress}
                </Typography.Text>
              ) : null}
              {v.review ? (
                <Typography.Text>
                  <Tag color={v.review.decision === 'return' ? 'error' : 'success'} bordered={false}>
                    {t(v.review.decision === 'return' ? 'reports.return' : 'reports.accept')}
                  </Tag>
                  {v.review.reviewedByName ?? '—'} · {formatDateTime(v.review.reviewedAt)}
                  {v.review.reason ? ` · ${t('reports.returnReasonIs', { reason: v.review.reason })}` : ''}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        }))}
    />
  );
}

function ReturnModal({
  open,
  month,
  busy,
  onCancel,
  onReturn,
}: {
  open: boolean;
  month: string;
  busy: boolean;
  onCancel: () => void;
  onReturn: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={t('reports.returnTitle', { month })}
      okText={t('reports.return')}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => onReturn(v.reason.trim()))
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('reports.returnReason')}
          required
          rules={[
            { required: true, whitespace: true, message: t('reports.returnReasonRequired') },
            { min: 2, message: t('reports.returnReasonRequired') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
