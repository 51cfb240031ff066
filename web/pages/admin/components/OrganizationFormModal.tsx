import { Alert, Form, type FormRule, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { type OrganizationType, organizationTypes } from '#domain/codelists.ts';
import { describeCreditCodeIssue, validateCreditCode } from '#domain/credit-code.ts';
import {
  type Organization,
  OrganizationCreateInputSchema,
  OrganizationUpdateInputSchema,
  organizationFieldLabels,
} from '#domain/schemas/organizations.ts';
import { ApiError, api } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { refName, useReference } from '../../../lib/use-reference.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = {
  name?: string;
  type?: OrganizationType;
  creditCode?: string | null;
  creditCodeOverrideReason?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  divisionCode?: string | null;
};
type Field = keyof Values;
const fields: Field[] = [
  'name',
  'type',
  'creditCode',
  'creditCodeOverrideReason',
  'contactName',
  'contactPhone',
  'divisionCode',
];

const blankToNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

type CreditState = { kind: 'empty' | 'ok' } | { kind: 'structural' | 'check'; message: string };

function creditState(raw: unknown, locale: 'zh-CN' | 'en'): CreditState {
  if (typeof raw !== 'string' || raw.trim() === '') return { kind: 'empty' };
  const result = validateCreditCode(raw);
  if (result.ok) return { kind: 'ok' };
  const message = result.issues
    .map((i) => describeCreditCodeIssue(i, locale))
    .join(locale === 'en' ? '; ' : '；');
  const structural = result.issues.some((i) => i.kind === 'length' || i.kind === 'charset');
  return { kind: structural ? 'structural' : 'check', message };
}

type Props = {
  organization?: Organization;
  onClose: () => void;
  onSaved: (organization: Organization) => void;
  onConflict: () => void;
};

/**
 * Create or edit an organisation. The credit code is checked as it is typed (GB 32100-2015); a user allowed to
 * override may keep a code whose check character fails by giving a reason, which the server audits.
 */
export function OrganizationFormModal({ organization, onClose, onSaved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const canOverride = can('organization.override_credit_code');
  const divisions = useReference('divisions');
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const creditCode = Form.useWatch('creditCode', form);
  const credit = creditState(creditCode, locale);
  const shape = OrganizationCreateInputSchema.shape;
  const label = (field: Field) => pick(organizationFieldLabels[field]);
  const rule = (field: Field) =>
    zodRule(shape[field], { locale, emptyMessage: t('common.required', { label: label(field) }) });

  const creditRules: FormRule[] = [
    rule('creditCode'),
    {
      validator: async (_r, value: unknown) => {
        const state = creditState(value, locale);
        if (state.kind === 'structural' || (state.kind === 'check' && !canOverride))
          throw new Error(state.message);
      },
    },
    {
      warningOnly: true,
      validator: async (_r, value: unknown) => {
        const state = creditState(value, locale);
        if (state.kind === 'check' && canOverride) throw new Error(state.message);
      },
    },
  ];

  const submit = async () => {
    const values = await form.validateFields();
    const input = {
      name: values.name,
      type: values.type,
      creditCode: blankToNull(values.creditCode),
      creditCodeOverrideReason:
        canOverride && credit.kind === 'check' ? blankToNull(values.creditCodeOverrideReason) : null,
      contactName: blankToNull(values.contactName),
      contactPhone: blankToNull(values.contactPhone),
      divisionCode: values.divisionCode ?? null,
    };
    setSaving(true);
    setError(undefined);
    try {
      let saved: Organization;
      if (organization) {
        const parsed = OrganizationUpdateInputSchema.safeParse({ ...input, version: organization.version });
        if (!parsed.success) {
          setError(setFieldErrors(form, zodProblems(parsed.error, locale), fields).join('；') || undefined);
          return;
        }
        saved = await api.organizations.update(organization.id, parsed.data);
      } else {
        const parsed = OrganizationCreateInputSchema.safeParse(input);
        if (!parsed.success) {
          setError(setFieldErrors(form, zodProblems(parsed.error, locale), fields).join('；') || undefined);
          return;
        }
        saved = await api.organizations.create(parsed.data);
      }
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else if (e instanceof ApiError && e.details.length > 0) {
        // The server's credit-code verdict (e.g. a duplicate, or a refused override) lands on the field.
        setError(setFieldErrors(form, e.details, fields).join('；') || undefined);
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={organization ? t('orgs.editTitle') : t('orgs.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          organization
            ? {
                name: organization.name,
                type: organization.type,
                creditCode: organization.creditCode,
                contactName: organization.contactName,
                contactPhone: organization.contactPhone,
                divisionCode: organization.divisionCode,
              }
            : { type: 'enterprise' }
        }
      >
        <Form.Item name="name" label={label('name')} required rules={[rule('name')]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="type" label={label('type')} required rules={[rule('type')]}>
          <Select options={organizationTypes.list.map((o) => ({ value: o.code, label: pick(o.label) }))} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={label('creditCode')}
          rules={creditRules}
          normalize={(v: string) => v.toUpperCase()}
          extra={organization?.creditCodeOverride ? t('orgs.overridden') : undefined}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} autoComplete="off" />
        </Form.Item>
        {canOverride && credit.kind === 'check' ? (
          <Form.Item
            name="creditCodeOverrideReason"
            label={label('creditCodeOverrideReason')}
            required
            extra={t('orgs.overrideHint')}
            rules={[
              rule('creditCodeOverrideReason'),
              { required: true, message: t('common.required', { label: label('creditCodeOverrideReason') }) },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        <Form.Item name="contactName" label={label('contactName')} rules={[rule('contactName')]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={label('contactPhone')} rules={[rule('contactPhone')]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="divisionCode" label={label('divisionCode')} rules={[rule('divisionCode')]}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={divisions.loading}
            options={divisions.items
              .filter((d) => d.level === 2)
              .map((d) => ({ value: d.code, label: refName(d, locale) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
