import { App, Button, Flex, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import type { Permission } from '#domain/permissions.ts';
import type { Me } from '#domain/schemas/auth.ts';
import {
  type CoordinationAction,
  CoordinationReopenInputSchema,
  CoordinationResolveInputSchema,
  coordinationTransitions,
} from '#domain/schemas/coordination.ts';
import { ApiError, api, type CoordinationItem } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../../i18n/zh-CN.ts';
import { zodRule } from '../../../lib/zod-form.ts';

const actionOrder: CoordinationAction[] = ['accept', 'resolve', 'confirm', 'reopen'];
const actionLabels: Record<CoordinationAction, MessageKey> = {
  accept: 'coordination.accept',
  resolve: 'coordination.resolve',
  confirm: 'coordination.confirm',
  reopen: 'coordination.reopen',
};
const doneMessages: Record<CoordinationAction, MessageKey> = {
  accept: 'coordination.accepted',
  resolve: 'coordination.resolved',
  confirm: 'coordination.confirmed',
  reopen: 'coordination.reopened',
};

/**
 * The steps this user may take on the item now, read from the domain's transition table: a department's staff
 * (coordination.handle, their organisation assigned) accept and resolve; the raiser confirms or reopens.
 */
export function allowedActions(
  item: CoordinationItem,
  me: Me | undefined,
  can: (p: Permission) => boolean,
): CoordinationAction[] {
  if (!me) return [];
  return actionOrder.filter((action) => {
    const rule = coordinationTransitions[action];
    if (!rule.from.includes(item.status)) return false;
    if (rule.by === 'department') {
      return (
        can('coordination.handle') &&
        me.organizationId !== null &&
        item.departments.some((d) => d.id === me.organizationId)
      );
    }
    return can('coordination.raise') && item.raisedBy === me.id;
  });
}

type Props = {
  item: CoordinationItem;
  /** After a step, or when the item changed meanwhile: the caller reloads. */
  onChanged: () => void;
  size?: 'small' | 'middle';
};

/** The loop's buttons for one item: 受理, 办结 (with the answer), 确认, 重新打开 (with the reason). */
export function CoordinationActions({ item, onChanged, size = 'middle' }: Props) {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<CoordinationAction | undefined>(undefined);
  const [dialog, setDialog] = useState<'resolve' | 'reopen' | undefined>(undefined);
  const actions = allowedActions(item, me, can);
  if (actions.length === 0) return null;

  const run = async (action: CoordinationAction, text?: string) => {
    setBusy(action);
    try {
      const version = item.version;
      if (action === 'accept') await api.coordination.accept(item.id, { version });
      if (action === 'confirm') await api.coordination.confirm(item.id, { version });
      if (action === 'resolve') await api.coordination.resolve(item.id, { version, answer: text ?? '' });
      if (action === 'reopen') await api.coordination.reopen(item.id, { version, reason: text ?? '' });
      message.success(t(doneMessages[action]));
      setDialog(undefined);
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'VERSION_CONFLICT' || e.status === 409)) {
        message.warning(t('coordination.conflict'));
        setDialog(undefined);
        onChanged();
      } else {
        message.error(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Flex gap={6} wrap>
      {actions.map((action) =>
        action === 'resolve' || action === 'reopen' ? (
          <Button
            key={action}
            size={size}
            type={action === 'resolve' ? 'primary' : 'default'}
            onClick={() => setDialog(action)}
          >
            {t(actionLabels[action])}
          </Button>
        ) : (
          <Popconfirm
            key={action}
            title={t(action === 'accept' ? 'coordination.acceptConfirm' : 'coordination.confirmConfirm', {
              title: item.title,
            })}
            okText={t(actionLabels[action])}
            cancelText={t('common.cancel')}
            onConfirm={() => run(action)}
          >
            <Button size={size} type="primary" loading={busy === action}>
              {t(actionLabels[action])}
            </Button>
          </Popconfirm>
        ),
      )}
      <TextModal
        open={dialog !== undefined}
        action={dialog ?? 'resolve'}
        title={item.title}
        busy={busy !== undefined}
        onCancel={() => setDialog(undefined)}
        onSubmit={(text) => (dialog ? run(dialog, text) : Promise.resolve())}
      />
    </Flex>
  );
}

function TextModal({
  open,
  action,
  title,
  busy,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  action: 'resolve' | 'reopen';
  title: string;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (text: string) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const resolve = action === 'resolve';
  return (
    <Modal
      open={open}
      title={t(resolve ? 'coordination.resolveTitle' : 'coordination.reopenTitle', { title })}
      okText={t(actionLabels[action])}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onCancel={onCancel}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => onSubmit(v.text.trim()))
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={t(resolve ? 'coordination.answer' : 'coordination.reopenReason')}
          required
          rules={[
            zodRule(
              resolve
                ? CoordinationResolveInputSchema.shape.answer
                : CoordinationReopenInputSchema.shape.reason,
              { locale },
            ),
          ]}
        >
          <Input.TextArea rows={4} maxLength={resolve ? 2000 : 500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
