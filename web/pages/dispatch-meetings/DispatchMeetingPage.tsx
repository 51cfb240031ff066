import { ArrowLeftOutlined, EditOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Popconfirm,
  Result,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { todayInChina } from '#domain/iso-date.ts';
import { ApiError, api, type DispatchAction, type DispatchMeetingDetail } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ActionModal } from './components/ActionModal.tsx';
import { ActionsTable } from './components/ActionsTable.tsx';
import { AgendaCard } from './components/AgendaCard.tsx';
import { AttendanceModal } from './components/AttendanceModal.tsx';
import { MeetingStatusTag } from './components/DispatchTags.tsx';
import { MeetingFormModal } from './components/MeetingFormModal.tsx';
import { ProgressModal } from './components/ProgressModal.tsx';

type Attendee = DispatchMeetingDetail['attendees'][number];

/**
 * /dispatch-meetings/:id — one 调度会议: its details, the agenda with minutes, attendance and the decisions
 * (议定事项) with their deadlines and progress; the organiser edits them, and exports the record (纪要) as .docx.
 */
export function DispatchMeetingPage() {
  const { t, pick } = useI18n();
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { data, error, reload } = useAsync(() => api.dispatch.get(id), [id]);
  const [meeting, setMeeting] = useState<DispatchMeetingDetail>();
  const [editing, setEditing] = useState(false);
  const [attending, setAttending] = useState(false);
  const [actionModal, setActionModal] = useState<{ action?: DispatchAction } | null>(null);
  const [reporting, setReporting] = useState<DispatchAction | null>(null);
  const [cancelReason, setCancelReason] = useState('');
  const [busy, setBusy] = useState(false);

  // The latest answer of a write wins over the last load, until the next load.
  const current =
    meeting && data && meeting.id === data.id && meeting.version >= data.version ? meeting : data;

  if (error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED')) {
    return (
      <Result
        status="404"
        title={t('dispatch.notFound')}
        extra={<Button onClick={() => navigate('/dispatch-meetings')}>{t('common.back')}</Button>}
      />
    );
  }
  if (error && !current) return <LoadError error={error} onRetry={reload} />;
  if (!current || current.id !== id) return <PageFallback />;

  const m = current;
  const canEdit = m.viewer.canEdit;
  const changed = (next: DispatchMeetingDetail) => {
    setMeeting(next);
    reload();
  };
  const conflict = () => {
    modal.warning({ title: t('dispatch.conflictTitle'), content: t('dispatch.conflict') });
    setMeeting(undefined);
    reload();
  };
  const setStatus = async (status: 'held' | 'cancelled' | 'scheduled') => {
    setBusy(true);
    try {
      changed(
        await api.dispatch.update(m.id, {
          version: m.version,
          status,
          ...(status === 'cancelled' ? { cancelReason: cancelReason.trim() } : {}),
        }),
      );
      message.success(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') conflict();
      else
        message.error(
          e instanceof ApiError && e.details.length
            ? e.details.map((d) => d.message).join('；')
            : String(e instanceof Error ? e.message : e),
        );
    } finally {
      setBusy(false);
    }
  };
  const exportRecord = async () => {
    try {
      await api.dispatch.downloadRecord(m.id, `${m.title}纪要.docx`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const today = todayInChina();

  return (
    <>
      <PageHeader
        title={m.title}
        tags={<MeetingStatusTag status={m.status} />}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/dispatch-meetings')}>
              {t('common.back')}
            </Button>
            {m.status !== 'cancelled' ? (
              <Button icon={<FileWordOutlined aria-hidden />} onClick={() => void exportRecord()}>
                {t('dispatch.exportRecord')}
              </Button>
            ) : null}
            {canEdit ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('dispatch.editMeeting')}
              </Button>
            ) : null}
            {canEdit && m.status === 'scheduled' ? (
              <Popconfirm
                title={t('dispatch.markHeldConfirm')}
                okText={t('dispatch.markHeld')}
                cancelText={t('common.cancel')}
                disabled={m.meetingDate > today}
                onConfirm={() => setStatus('held')}
              >
                <Button
                  type="primary"
                  loading={busy}
                  disabled={m.meetingDate > today}
                  title={m.meetingDate > today ? t('dispatch.notYet') : undefined}
                >
                  {t('dispatch.markHeld')}
                </Button>
              </Popconfirm>
            ) : null}
            {canEdit && m.status === 'scheduled' && m.actionCount === 0 ? (
              <Popconfirm
                title={t('dispatch.cancelConfirm')}
                description={
                  <Input
                    value={cancelReason}
                    onChange={(e) => setCancelReason(e.target.value)}
                    placeholder={t('dispatch.cancelReason')}
                    aria-label={t('dispatch.cancelReason')}
                    maxLength={500}
                  />
                }
                okText={t('dispatch.cancelMeeting')}
                cancelText={t('common.cancel')}
                onConfirm={() => setStatus('cancelled')}
              >
                <Button danger>{t('dispatch.cancelMeeting')}</Button>
              </Popconfirm>
            ) : null}
            {canEdit && m.status === 'cancelled' ? (
              <Button onClick={() => void setStatus('scheduled')}>{t('dispatch.restore')}</Button>
            ) : null}
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('dispatch.period')}>{pick(m.periodLabel)}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.meetingDate')}>
              {m.meetingDate}
              {m.startTime ? ` ${m.startTime}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.place')}>{m.place ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.chair')}>{m.chair ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.organiser')}>{m.organiserName ?? '—'}</Descriptions.Item>
            {m.cancelReason ? (
              <Descriptions.Item label={t('dispatch.cancelReason')}>{m.cancelReason}</Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        {m.hiddenAgendaItems || m.hiddenActions ? (
          <Alert
            type="info"
            showIcon
            message={t('dispatch.partial', { items: m.hiddenAgendaItems, actions: m.hiddenActions })}
          />
        ) : null}
        <AgendaCard meeting={m} onChanged={changed} onConflict={conflict} />
        <Card
          size="small"
          title={t('dispatch.attendance')}
          extra={
            canEdit && m.status !== 'cancelled' ? (
              <Button size="small" onClick={() => setAttending(true)}>
                {t('dispatch.recordAttendance')}
              </Button>
            ) : null
          }
        >
          <Table<Attendee>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.attendees}
            locale={{ emptyText: t('dispatch.attendanceEmpty') }}
            columns={[
              { key: 'name', title: t('dispatch.attendeeName'), render: (_v, a) => a.name },
              {
                key: 'org',
                title: t('dispatch.attendeeOrganization'),
                render: (_v, a) => a.organizationName ?? '—',
              },
              { key: 'position', title: t('dispatch.position'), render: (_v, a) => a.position ?? '—' },
              {
                key: 'present',
                title: t('dispatch.present'),
                render: (_v, a) =>
                  a.present ? (
                    t('dispatch.presentYes')
                  ) : (
                    <Typography.Text type="warning">
                      {t('dispatch.absentWith', { reason: a.absenceReason ?? '' })}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          title={t('dispatch.actions')}
          extra={
            canEdit && m.status !== 'cancelled' ? (
              <Button
                size="small"
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => setActionModal({})}
              >
                {t('dispatch.addAction')}
              </Button>
            ) : null
          }
        >
          <ActionsTable
            actions={m.actions}
            onReport={setReporting}
            onEdit={canEdit ? (action) => setActionModal({ action }) : undefined}
          />
        </Card>
      </Flex>
      {editing ? (
        <MeetingFormModal
          open={editing}
          meeting={m}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            changed(next);
            message.success(t('common.saved'));
          }}
        />
      ) : null}
      {attending ? (
        <AttendanceModal
          open={attending}
          meeting={m}
          onClose={() => setAttending(false)}
          onSaved={(next) => {
            setAttending(false);
            changed(next);
            message.success(t('common.saved'));
          }}
          onConflict={() => {
            setAttending(false);
            conflict();
          }}
        />
      ) : null}
      {actionModal ? (
        <ActionModal
          open
          meeting={m}
          action={actionModal.action}
          onClose={() => setActionModal(null)}
          onSaved={() => {
            setActionModal(null);
            setMeeting(undefined);
            reload();
            message.success(t('common.saved'));
          }}
          onConflict={() => {
            setActionModal(null);
            conflict();
          }}
        />
      ) : null}
      {reporting ? (
        <ProgressModal
          open
          action={reporting}
          onClose={() => setReporting(null)}
          onSaved={() => {
            setReporting(null);
            setMeeting(undefined);
            reload();
            message.success(t('common.saved'));
          }}
        />
      ) : null}
    </>
  );
}
