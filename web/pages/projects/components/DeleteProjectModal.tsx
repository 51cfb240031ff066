import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { type Project, ProjectDeleteInputSchema } from '#domain/schemas/projects.ts';
import { ApiError, api } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodRule } from '../../../lib/zod-form.ts';

type Props = { project: Project; open: boolean; onClose: () => void; onDeleted: () => void };

/** Deleting is soft (the recycle bin keeps it) but always needs a written reason, which the audit log keeps. */
export function DeleteProjectModal({ project, open, onClose, onDeleted }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setSubmitting(true);
    setError(undefined);
    try {
      await api.projects.delete(project.id, { reason: reason.trim() });
      onDeleted();
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0)
        setError(setFieldErrors(form, e.details, ['reason']).join('；') || undefined);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('projects.deleteTitle')}
      okText={t('projects.delete')}
      okButtonProps={{ danger: true, loading: submitting }}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('projects.deleteConfirm', { name: project.name })}</Typography.Paragraph>
      {error ? <Typography.Paragraph type="danger">{error}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('projects.deleteReason')}
          required
          rules={[zodRule(ProjectDeleteInputSchema.shape.reason, { locale })]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
