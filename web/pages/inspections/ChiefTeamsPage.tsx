import { EditOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Input,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type KeyLevel, keyLevels, labelOf } from '#domain/codelists.ts';
import { KEY_PROJECT_LEVELS } from '#domain/schemas/inspections.ts';
import { api, type ChiefTeam } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ChiefTeamModal } from './components/ChiefTeamModal.tsx';

const PAGE_SIZE = 20;
const keyLevelColors: Record<KeyLevel, string> = { municipal: 'red', district: 'orange', general: 'default' };

/**
 * /chief/teams — 项目长配备: the key projects (市级、区级重点 by default) with their chief, deputies and liaisons,
 * those still without a chief first and marked, so that leaders give each one a chief; assigning opens here.
 */
export function ChiefTeamsPage() {
  const { t, pick, locale } = useI18n();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<ChiefTeam>();
  const q = params.get('q') ?? undefined;
  const askedLevels = params.get('keyLevel')?.split(',');
  const levels = (askedLevels ?? [...KEY_PROJECT_LEVELS]).filter((l): l is KeyLevel =>
    (keyLevels.codes as readonly string[]).includes(l),
  );
  const unassigned = params.get('unassigned') === 'true';
  const page = Number(params.get('page')) || 1;
  const { data, error, loading, reload } = useAsync(
    () =>
      api.inspections.teams({
        q,
        keyLevel: levels,
        unassigned: unassigned || undefined,
        page,
        pageSize: PAGE_SIZE,
      }),
    [q, levels.join(','), unassigned, page],
  );

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };

  const names = (list: ChiefTeam['deputies']) =>
    list.length ? (
      list.map((p) => p.displayName).join('、')
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );

  return (
    <>
      <PageHeader title={t('chiefTeams.title')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={32} wrap align="center">
          <Statistic title={t('chiefTeams.projectCount')} value={data?.counts.projects ?? '—'} />
          <Statistic
            title={t('chiefTeams.unassignedCount')}
            value={data?.counts.unassigned ?? '—'}
            valueStyle={data?.counts.unassigned ? { color: token.colorError } : undefined}
          />
          <Typography.Text type="secondary" style={{ maxWidth: 520 }}>
            {t('chiefTeams.intro')}
          </Typography.Text>
        </Flex>
      </Card>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('chiefTeams.search')}
          aria-label={t('chiefTeams.search')}
          style={{ width: 260, maxWidth: '100%' }}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
        />
        <Select<KeyLevel[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 220 }}
          aria-label={t('chiefTeams.keyLevel')}
          placeholder={t('chiefTeams.keyLevel')}
          value={levels}
          options={keyLevels.list.map((l) => ({ value: l.code, label: pick(l.label) }))}
          onChange={(v) => setParam('keyLevel', v.length ? v.join(',') : undefined)}
        />
        <Checkbox
          checked={unassigned}
          onChange={(e) => setParam('unassigned', e.target.checked ? 'true' : undefined)}
        >
          {t('chiefTeams.onlyUnassigned')}
        </Checkbox>
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<ChiefTeam>
        rowKey="projectId"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        onRow={(r) => (r.chief ? {} : { style: { background: token.colorErrorBg } })}
        locale={{
          emptyText: (
            <Empty
              description={unassigned ? t('chiefTeams.allAssigned') : t('chiefTeams.empty')}
              image={Empty.PRESENTED_IMAGE_SIMPLE}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p) => setParam('page', String(p)),
        }}
        columns={[
          {
            key: 'project',
            title: t('chief.project'),
            render: (_v, r) => (
              <Flex vertical>
                <Link to={`/projects/${r.projectId}?tab=inspections`}>{r.projectName}</Link>
                {r.projectCode ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.projectCode}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'keyLevel',
            title: t('chiefTeams.keyLevel'),
            width: 110,
            render: (_v, r) => (
              <Tag color={keyLevelColors[r.keyLevel]} bordered={false}>
                {labelOf(keyLevels.list, r.keyLevel, locale)}
              </Tag>
            ),
          },
          {
            key: 'stage',
            title: t('chief.stage'),
            width: 150,
            render: (_v, r) => <StageTag stage={r.stage} />,
          },
          {
            key: 'chief',
            title: t('chiefTeams.chief'),
            width: 150,
            render: (_v, r) =>
              r.chief ? (
                <Flex vertical>
                  <span>{r.chief.displayName}</span>
                  {r.chief.assignedOn ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('chiefTeams.since', { date: r.chief.assignedOn })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ) : (
                <Tag color="error">{t('chiefTeams.unassigned')}</Tag>
              ),
          },
          {
            key: 'deputies',
            title: t('chiefTeams.deputies'),
            width: 180,
            render: (_v, r) => names(r.deputies),
          },
          {
            key: 'liaisons',
            title: t('chiefTeams.liaisons'),
            width: 180,
            render: (_v, r) => names(r.liaisons),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 110,
            fixed: 'right',
            render: (_v, r) => (
              <Button
                size="small"
                type={r.chief ? 'default' : 'primary'}
                icon={<EditOutlined aria-hidden />}
                aria-label={t('chiefTeams.assignFor', { name: r.projectName })}
                onClick={() => setEditing(r)}
              >
                {r.chief ? t('chiefTeams.edit') : t('chiefTeams.assign')}
              </Button>
            ),
          },
        ]}
      />
      <ChiefTeamModal
        projectId={editing?.projectId ?? ''}
        projectName={editing?.projectName ?? ''}
        open={Boolean(editing)}
        onClose={() => setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}
