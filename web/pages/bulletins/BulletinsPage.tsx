import { DownloadOutlined, FileTextOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Spin, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { lastEndedMonth } from '#domain/bulletin-content.ts';
import { formatChineseMonth } from '#domain/bulletin-number.ts';
import { todayInChina } from '#domain/iso-date.ts';
import { ApiError, api, type Bulletin } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { currentMonthInChina, monthToDayjs } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';
import { BulletinSettingsModal } from './components/BulletinSettingsModal.tsx';
import { RegenerateModal } from './components/RegenerateModal.tsx';

const PAGE_SIZE = 20;

/** A bulletin reports on a month that is over: the current month and later ones cannot be picked. */
const notEnded = (day: Dayjs) => day.format('YYYY-MM') >= currentMonthInChina();

/**
 * /bulletins — 月度通报: pick a month that has ended and generate its bulletin (.docx in the style of a government
 * document); below, every generation kept, with who made it, when, for which month, the download and regeneration
 * of the current version.
 */
export function BulletinsPage() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const monthLabel = (m: string) => (locale === 'en' ? m : formatChineseMonth(m));
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [month, setMonth] = useState(() => lastEndedMonth(todayInChina()));
  const [generating, setGenerating] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [regenerating, setRegenerating] = useState<Bulletin | undefined>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const mayGenerate = can('bulletin.generate');
  const page = Number(params.get('page')) || 1;
  const currentOnly = params.get('current') === 'true';
  const { data, error, loading, reload } = useAsync(
    () => api.bulletins.list({ page, pageSize: PAGE_SIZE, current: currentOnly || undefined }),
    [page, currentOnly],
  );

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };

  /** `quiet` after a generation, whose own message says the download has started. */
  const download = async (b: Pick<Bulletin, 'id' | 'fileName'>, quiet = false) => {
    try {
      await api.bulletins.download(b);
      if (!quiet) message.success(t('bulletins.downloadStarted'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  /** A month that has its bulletin already: offer to regenerate its current version instead. */
  const offerRegeneration = async () => {
    const found = await api.bulletins.list({ month, current: true, pageSize: 1 });
    const current = found.items[0];
    if (!current) return;
    modal.confirm({
      title: t('bulletins.exists', { month: monthLabel(month) }),
      content: t('bulletins.existsHint', { month: monthLabel(month), number: current.number }),
      okText: t('bulletins.regenerate'),
      cancelText: t('common.cancel'),
      onOk: () => setRegenerating(current),
    });
  };

  const generate = async () => {
    setProblem(undefined);
    setGenerating(true);
    try {
      const created = await api.bulletins.generate(month);
      message.success(t('bulletins.generated', { number: created.number }));
      setParam('page', undefined);
      reload();
      await download(created, true);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') await offerRegeneration();
      else setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setGenerating(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('bulletins.title')}
        extra={
          mayGenerate ? (
            <Button icon={<SettingOutlined aria-hidden />} onClick={() => setSettingsOpen(true)}>
              {t('bulletins.settings')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('bulletins.intro')}</Typography.Paragraph>
      {mayGenerate ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={12} wrap align="center">
            <DatePicker
              picker="month"
              aria-label={t('bulletins.month')}
              value={monthToDayjs(month)}
              allowClear={false}
              disabledDate={notEnded}
              disabled={generating}
              onChange={(d: Dayjs | null) => {
                if (d) setMonth(d.format('YYYY-MM'));
              }}
            />
            <Button
              type="primary"
              icon={<FileTextOutlined aria-hidden />}
              loading={generating}
              onClick={() => void generate()}
            >
              {t('bulletins.generate')}
            </Button>
            {generating ? (
              <Flex gap={8} align="center" role="status">
                <Spin size="small" />
                <Typography.Text type="secondary">
                  {t('bulletins.generating', { month: monthLabel(month) })}
                </Typography.Text>
              </Flex>
            ) : null}
          </Flex>
          {problem ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginTop: 12 }}
              message={t('bulletins.failed')}
              description={problem}
            />
          ) : null}
        </Card>
      ) : null}
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('bulletins.history')}
        </Typography.Title>
        <Flex gap={8} align="center">
          <Switch
            size="small"
            checked={currentOnly}
            aria-label={t('bulletins.currentOnly')}
            onChange={(on) => setParam('current', on ? 'true' : undefined)}
          />
          <Typography.Text>{t('bulletins.currentOnly')}</Typography.Text>
        </Flex>
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Bulletin>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 980 }}
        locale={{ emptyText: t('bulletins.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p) => setParam('page', String(p)),
        }}
        columns={[
          { key: 'number', title: t('bulletins.number'), dataIndex: 'number', width: 200 },
          { key: 'month', title: t('bulletins.month'), dataIndex: 'month', width: 100 },
          {
            key: 'revision',
            title: t('bulletins.revision'),
            width: 170,
            render: (_v, b) => (
              <Flex gap={4} wrap>
                <span>{t('bulletins.revisionLine', { revision: b.revision })}</span>
                {b.current ? (
                  <Tag color="success" bordered={false}>
                    {t('bulletins.current')}
                  </Tag>
                ) : (
                  <Tag bordered={false}>{t('bulletins.superseded')}</Tag>
                )}
              </Flex>
            ),
          },
          {
            key: 'generatedBy',
            title: t('bulletins.generatedBy'),
            width: 120,
            render: (_v, b) => b.generatedByName ?? '—',
          },
          {
            key: 'generatedAt',
            title: t('bulletins.generatedAt'),
            width: 150,
            render: (_v, b) => formatDateTime(b.generatedAt),
          },
          {
            key: 'note',
            title: t('bulletins.note'),
            ellipsis: true,
            render: (_v, b) => b.note ?? '',
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 230,
            fixed: 'right',
            render: (_v, b) => (
              <Flex gap={4} wrap>
                <Button
                  size="small"
                  icon={<DownloadOutlined aria-hidden />}
                  aria-label={`${t('bulletins.download')} ${b.fileName}`}
                  onClick={() => void download(b)}
                >
                  {t('bulletins.download')}
                </Button>
                {mayGenerate && b.current ? (
                  <Button
                    size="small"
                    icon={<ReloadOutlined aria-hidden />}
                    onClick={() => setRegenerating(b)}
                  >
                    {t('bulletins.regenerate')}
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]}
      />
      <RegenerateModal
        bulletin={regenerating}
        onClose={() => setRegenerating(undefined)}
        onDone={async (made) => {
          setRegenerating(undefined);
          message.success(t('bulletins.regenerated', { number: made.number, revision: made.revision }));
          reload();
          await download(made, true);
        }}
        onStale={() => {
          setRegenerating(undefined);
          reload();
        }}
      />
      <BulletinSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </>
  );
}
