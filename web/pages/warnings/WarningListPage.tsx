import { Card, Col, Empty, Flex, Input, Row, Select, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { keyLevels, type LifecycleStage, labelOf } from '#domain/codelists.ts';
import { type WarningColor, warningColorLabels, warningColors } from '#domain/warning-presets.ts';
import { api, type ProjectWarning } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { LightDot, useLightColors, WarningLight } from '../../components/WarningLight.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ConfidenceTag } from './components/ConfidenceTag.tsx';

type ListState = { color: WarningColor[]; q: string; page: number; pageSize: number };
const PAGE_SIZES = [20, 50, 100];

function parse(params: URLSearchParams): ListState {
  const color = (params.get('color') ?? '')
    .split(',')
    .filter((c): c is WarningColor => (warningColors as readonly string[]).includes(c));
  const size = Number(params.get('pageSize'));
  return {
    color,
    q: params.get('q') ?? '',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 50,
  };
}

/**
 * /warnings — 项目预警: how many projects show each light (tiles that filter), then the projects, red and yellow
 * first, each with its reasons in words and the latest judgement beside the computed light.
 */
export function WarningListPage() {
  const { t, pick, locale } = useI18n();
  const colors = useLightColors();
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string form is the identity of the params.
  const state = useMemo(() => parse(params), [key]);
  const { data, error, loading, reload } = useAsync(
    () =>
      api.warnings.list({
        color: state.color,
        q: state.q || undefined,
        page: state.page,
        pageSize: state.pageSize,
      }),
    [state],
  );

  const update = (patch: Partial<ListState>) => {
    const next = { ...state, page: 1, ...patch };
    const search = new URLSearchParams();
    if (next.color.length) search.set('color', next.color.join(','));
    if (next.q) search.set('q', next.q);
    if (next.page > 1) search.set('page', String(next.page));
    if (next.pageSize !== 50) search.set('pageSize', String(next.pageSize));
    setParams(search);
  };
  const toggle = (color: WarningColor) =>
    update({
      color: state.color.length === 1 && state.color[0] === color ? [] : [color],
    });

  return (
    <>
      <PageHeader title={t('warnings.title')} />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {(['red', 'yellow', 'green'] as const).map((color) => {
          const active = state.color.includes(color);
          return (
            <Col xs={8} key={color}>
              <Card
                size="small"
                hoverable
                role="button"
                tabIndex={0}
                aria-pressed={active}
                aria-label={t('warnings.tileLabel', {
                  light: pick(warningColorLabels[color]),
                  count: data?.counts[color] ?? 0,
                })}
                onClick={() => toggle(color)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    toggle(color);
                  }
                }}
                style={{
                  borderColor: active ? colors[color] : undefined,
                  borderTop: `4px solid ${colors[color]}`,
                }}
              >
                <Flex vertical gap={4} align="flex-start">
                  <WarningLight color={color} />
                  <Typography.Text strong style={{ fontSize: 28, lineHeight: 1.2 }} data-count={color}>
                    {data?.counts[color] ?? '—'}
                  </Typography.Text>
                </Flex>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Select<WarningColor[]>
          mode="multiple"
          allowClear
          aria-label={t('warnings.colorFilter')}
          placeholder={t('warnings.colorFilter')}
          value={state.color}
          onChange={(color) => update({ color })}
          options={warningColors.map((c) => ({ value: c, label: pick(warningColorLabels[c]) }))}
          style={{ minWidth: 200 }}
        />
        <Input.Search
          allowClear
          aria-label={t('warnings.search')}
          placeholder={t('warnings.search')}
          defaultValue={state.q}
          key={state.q}
          onSearch={(q) => update({ q: q.trim() })}
          style={{ maxWidth: 320 }}
        />
      </Flex>
      <Table<ProjectWarning>
        rowKey="projectId"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => update({ page, pageSize }),
        }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.empty')} />,
        }}
        columns={[
          {
            key: 'light',
            title: t('warnings.light'),
            render: (_v, w) => <WarningLight color={w.color} />,
          },
          {
            key: 'project',
            title: t('warnings.project'),
            render: (_v, w) => (
              <Flex vertical gap={2} style={{ minWidth: 180 }}>
                <Link to={`/projects/${w.projectId}?tab=warning`}>{w.projectName}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[labelOf(keyLevels.list, w.keyLevel, locale), w.ownerOrgName, w.chiefName]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'stage',
            title: t('warnings.stage'),
            render: (_v, w) => <StageTag stage={w.stage as LifecycleStage} />,
          },
          {
            key: 'reasons',
            title: t('warnings.reasons'),
            render: (_v, w) => {
              // The lit reasons say why; a green project shows its first (explaining) reason.
              const lit = w.reasons.filter((r) => r.color !== 'green');
              const shown = lit.length ? lit : w.reasons.slice(0, 1);
              return (
                <Flex vertical gap={2} style={{ maxWidth: 460, minWidth: 260 }}>
                  {shown.map((r) => (
                    <Flex key={r.code} gap={6} align="flex-start">
                      <LightDot color={r.color} />
                      <span>{pick(r)}</span>
                    </Flex>
                  ))}
                </Flex>
              );
            },
          },
          {
            key: 'judgement',
            title: t('warnings.latestJudgement'),
            render: (_v, w) =>
              w.latestJudgement ? (
                <Flex vertical gap={2} style={{ maxWidth: 240 }}>
                  <Flex gap={6} align="center">
                    <ConfidenceTag confidence={w.latestJudgement.confidence} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {w.latestJudgement.judgedOn}
                    </Typography.Text>
                  </Flex>
                  <Typography.Text ellipsis={{ tooltip: w.latestJudgement.reason }} style={{ fontSize: 12 }}>
                    {w.latestJudgement.reason}
                  </Typography.Text>
                </Flex>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}
