import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { labelOf, projectCategories } from '#domain/codelists.ts';
import { api, type StageTemplateRow } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { StageTemplateDrawer, type TemplateEdit } from './components/StageTemplateDrawer.tsx';
import { TemplateStagesTable } from './components/TemplateStagesTable.tsx';

/**
 * /admin/stage-templates: the lifecycle templates as data. Each row opens to its stages; a template is edited
 * in place (saved with its version) or copied under a new code to make another.
 */
export function StageTemplatesPage() {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useAsync(() => api.stageTemplates.list(), []);
  const [edit, setEdit] = useState<TemplateEdit | undefined>(undefined);
  const rows = data ?? [];

  return (
    <>
      <PageHeader title={t('templates.title')} />
      <Typography.Paragraph type="secondary">{t('templates.hint')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<StageTemplateRow>
        rowKey={(r) => r.template.code}
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (r) => <TemplateStagesTable template={r.template} />,
        }}
        columns={[
          {
            key: 'name',
            title: t('templates.name'),
            render: (_v, r) => (
              <Flex vertical>
                <span>{pick(r.template.name)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.template.code}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'categories',
            title: t('templates.categories'),
            render: (_v, r) =>
              r.template.categories.length ? (
                <Flex gap={4} wrap>
                  {r.template.categories.map((c) => (
                    <Tag key={c} bordered={false} style={{ marginInlineEnd: 0 }}>
                      {labelOf(projectCategories.list, c, locale)}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('templates.perProjectOnly')}</Typography.Text>
              ),
          },
          {
            key: 'stages',
            title: t('templates.stages'),
            render: (_v, r) => t('templates.stageCount', { count: r.template.stages.length }),
          },
          { key: 'version', title: t('projects.version'), dataIndex: 'version' },
          { key: 'updatedAt', title: t('common.updatedAt'), render: (_v, r) => formatDateTime(r.updatedAt) },
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right',
            render: (_v, r) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEdit({ row: r, mode: 'edit' })}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setEdit({ row: r, mode: 'copy' })}>
                  {t('templates.copy')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <StageTemplateDrawer
        edit={edit}
        takenCodes={rows.map((r) => r.template.code)}
        onClose={() => setEdit(undefined)}
        onSaved={(saved, created) => {
          message.success(
            t(created ? 'templates.created' : 'templates.saved', { name: pick(saved.template.name) }),
          );
          setEdit(undefined);
          reload();
        }}
        onConflict={() => {
          message.warning(t('templates.conflict'));
          setEdit(undefined);
          reload();
        }}
      />
    </>
  );
}
