import { Form, Input, Modal, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import {
  type DispatchActionStatus,
  dispatchActionStatusLabels,
  dispatchFieldLabels,
} from '#domain/schemas/dispatch-meetings.ts';
import { ApiError, api, type DispatchAction } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';

/** What the responsible organisation may report from each status (the server checks the same). */
const next: Record<DispatchActionStatus, DispatchActionStatus[]> = {
  open: ['open', 'in_progress', 'done'],
  in_progress: ['in_progress', 'open', 'done'],
  done: ['done'],
  cancelled: ['cancelled'],
};

type Props = {
  open: boolean;
  action: DispatchAction;
  onClose: () => void;
  onSaved: () => void;
};

/** 反馈落实情况: the responsible organisation's status and progress note on one decision. */
export function ProgressModal({ open, action, onClose, onSaved }: Props) {
  const { t, pick } = useI18n();
  const ids = useId();
  const [status, setStatus] = useState<DispatchActionStatus>(action.status);
  const [note, setNote] = useState(action.progressNote ?? '');
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    setSaving(true);
    setProblems([]);
    try {
      await api.dispatch.updateAction(action.id, {
        version: action.version,
        ...(status !== action.status ? { status } : {}),
        progressNote: note.trim() || null,
      });
      onSaved();
    } catch (e) {
      const text =
        e instanceof ApiError && e.code === 'VERSION_CONFLICT'
          ? t('dispatch.conflict')
          : e instanceof ApiError && e.details.length
            ? e.details.map((d) => d.message).join('；')
            : e instanceof Error
              ? e.message
              : String(e);
      setProblems([text]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('dispatch.report')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('dispatch.saveFailed')} problems={problems} />
      <Typography.Paragraph>
        {action.sequence}. {action.content}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={pick(dispatchFieldLabels.status)} htmlFor={`${ids}-status`}>
          <Select<DispatchActionStatus>
            id={`${ids}-status`}
            value={status}
            onChange={setStatus}
            options={next[action.status].map((s) => ({
              value: s,
              label: pick(dispatchActionStatusLabels[s]),
            }))}
          />
        </Form.Item>
        <Form.Item label={pick(dispatchFieldLabels.progressNote)} htmlFor={`${ids}-note`}>
          <Input.TextArea
            id={`${ids}-note`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
