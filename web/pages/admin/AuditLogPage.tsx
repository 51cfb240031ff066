import { SafetyOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type AuditEntry, type AuditListQuery, auditOutcomes } from '#domain/schemas/audit.ts';
import { api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';

type Outcome = (typeof auditOutcomes)[number];
type Filters = Omit<AuditListQuery, 'page' | 'pageSize'>;
type FilterForm = {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: Outcome;
  range?: [Dayjs | null, Dayjs | null] | null;
};

const outcomeColors: Record<Outcome, string> = { success: 'green', failure: 'orange', denied: 'red' };
const entityTypes = ['project', 'organization', 'user', 'role'];
/** Actions the server records today; the field accepts any text, these only save typing. */
const actionSuggestions = [
  'auth.login',
  'auth.logout',
  'auth.change_password',
  'project.create',
  'project.update',
  'project.delete',
  'project.restore',
  'project.import',
  'project.export',
  'organization.create',
  'organization.create_with_override',
  'organization.update',
  'user.create',
  'user.update',
  'user.reset_password',
  'user.unlock',
  'role.update_permissions',
];

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** A readable name for the entity of an entry, taken from its before/after snapshot when it has one. */
function entityName(entry: AuditEntry): string | undefined {
  for (const snapshot of [entry.after, entry.before]) {
    if (snapshot && typeof snapshot === 'object') {
      const record = snapshot as Record<string, unknown>;
      for (const key of ['name', 'displayName', 'username']) {
        if (typeof record[key] === 'string') return record[key];
      }
    }
  }
  return undefined;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="gj-json">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditLogPage() {
  const t = useT();
  const { modal } = App.useApp();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [verifying, setVerifying] = useState(false);
  const { data, error, loading, reload } = useAsync(
    () => api.audit.list({ ...filters, page, pageSize }),
    [filters, page, pageSize],
  );

  const apply = (values: FilterForm) => {
    setPage(1);
    setFilters({
      actor: blank(values.actor),
      action: blank(values.action),
      entityType: blank(values.entityType),
      entityId: blank(values.entityId),
      outcome: values.outcome,
      from: values.range?.[0]?.format('YYYY-MM-DD'),
      to: values.range?.[1]?.format('YYYY-MM-DD'),
    });
  };

  const verify = async () => {
    setVerifying(true);
    try {
      const result = await api.audit.verify();
      if (result.ok) {
        modal.success({
          title: t('audit.verify'),
          content: t('audit.verifyOk', { checked: result.checked }),
        });
      } else {
        modal.error({
          title: t('audit.verify'),
          content: t('audit.verifyBroken', { id: result.firstBrokenId ?? '?', checked: result.checked }),
        });
      }
    } catch (e) {
      modal.error({ title: t('audit.verify'), content: e instanceof Error ? e.message : String(e) });
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button icon={<SafetyOutlined aria-hidden />} loading={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </Button>
        }
      />
      <Form form={form} layout="vertical" onFinish={apply}>
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Form.Item name="action" label={t('audit.action')}>
              <AutoComplete
                allowClear
                placeholder={t('audit.actionPlaceholder')}
                options={actionSuggestions.map((value) => ({ value }))}
                filterOption={(input, option) => (option?.value ?? '').includes(input.trim())}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Form.Item name="entityType" label={t('audit.entityType')}>
              <AutoComplete allowClear options={entityTypes.map((value) => ({ value }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Form.Item name="entityId" label={t('audit.entityId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={3}>
            <Form.Item name="outcome" label={t('audit.outcome')}>
              <Select
                allowClear
                placeholder={t('common.all')}
                options={auditOutcomes.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={5}>
            <Form.Item name="range" label={t('audit.dateRange')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item>
          <Button type="primary" htmlType="submit" style={{ marginRight: 8 }}>
            {t('common.query')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>

      {error ? <LoadError error={error} onRetry={reload} /> : null}

      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1);
            setPageSize(nextSize);
          },
        }}
        expandable={{
          rowExpandable: (entry) => entry.before !== null || entry.after !== null,
          expandedRowRender: (entry) => (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <Json value={entry.before} />
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <Json value={entry.after} />
              </Col>
            </Row>
          ),
        }}
        columns={[
          { key: 'at', title: t('audit.time'), render: (_v, e) => formatDateTime(e.at), width: 150 },
          { key: 'actor', title: t('audit.actor'), render: (_v, e) => e.actorName ?? '—' },
          {
            key: 'action',
            title: t('audit.action'),
            render: (_v, e) => <Typography.Text code>{e.action}</Typography.Text>,
          },
          {
            key: 'entity',
            title: t('audit.entity'),
            render: (_v, e) => {
              if (!e.entityType && !e.entityId) return '—';
              const name = entityName(e);
              return (
                <span>
                  {e.entityType}
                  {name ? ` · ${name}` : ''}
                  {e.entityId ? (
                    <Typography.Text
                      type="secondary"
                      style={{ fontSize: 12, marginLeft: 4 }}
                      title={e.entityId}
                    >
                      {e.entityId.length > 12 ? `${e.entityId.slice(0, 8)}…` : e.entityId}
                    </Typography.Text>
                  ) : null}
                </span>
              );
            },
          },
          {
            key: 'outcome',
            title: t('audit.outcome'),
            render: (_v, e) => (
              <Tag color={outcomeColors[e.outcome]} bordered={false}>
                {t(`audit.outcome.${e.outcome}`)}
              </Tag>
            ),
          },
          { key: 'ip', title: t('audit.ip'), dataIndex: 'ip' },
          {
            key: 'detail',
            title: t('audit.detail'),
            render: (_v, e) => (
              <Typography.Text
                style={{ maxWidth: 360, display: 'inline-block' }}
                ellipsis={{ tooltip: e.detail }}
              >
                {e.detail}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
