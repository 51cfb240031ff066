import { Alert, App, Button, Input, Popconfirm } from 'antd';
import { useState } from 'react';
import { ApiError, api, type CoordinationItemDetail } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';

/**
 * 提请领导决策: an open item can be put to a leader's decision, which lists it on the next dispatch meeting's
 * agenda (双月一调度); the flag shows here with its note and can be withdrawn. The server decides who may.
 */
export function DecisionRequest({
  item,
  onChanged,
}: {
  item: CoordinationItemDetail;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const open = item.status === 'pending' || item.status === 'in_progress';
  if (!can('coordination.raise') && !item.needsDecision) return null;

  const set = async (needsDecision: boolean) => {
    setSaving(true);
    try {
      await api.coordination.flagDecision(item.id, {
        version: item.version,
        needsDecision,
        note: needsDecision ? note.trim() || null : null,
      });
      message.success(
        needsDecision ? t('coordination.decisionRequested') : t('coordination.decisionWithdrawn'),
      );
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  if (item.needsDecision) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('coordination.decisionFlag')}
        description={item.decisionNote ?? undefined}
        action={
          can('coordination.raise') ? (
            <Button size="small" loading={saving} onClick={() => void set(false)}>
              {t('coordination.decisionWithdraw')}
            </Button>
          ) : undefined
        }
      />
    );
  }
  if (!open) return null;
  return (
    <Popconfirm
      title={t('coordination.decisionRequest')}
      description={
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('coordination.decisionNote')}
          aria-label={t('coordination.decisionNote')}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          style={{ width: 280 }}
        />
      }
      okText={t('coordination.decisionRequest')}
      cancelText={t('common.cancel')}
      onConfirm={() => set(true)}
    >
      <Button loading={saving} style={{ marginBottom: 16 }}>
        {t('coordination.decisionRequest')}
      </Button>
    </Popconfirm>
  );
}
