import { Flex, Table, Tag, Typography } from 'antd';
import { labelOf, lifecycleStages } from '#domain/codelists.ts';
import { type StageTemplate, stageLabel, type TemplateStage } from '#domain/lifecycle.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { conditionLabel, recordLabel } from '../../../lib/lifecycle.ts';

/** A stage's name, with the canonical stages it stands for when it merges several. */
export function StageName({ stage }: { stage: TemplateStage }) {
  const { t, pick, locale } = useI18n();
  const merged = stage.mergedWith ?? [];
  return (
    <Flex vertical>
      <span>{pick(stageLabel(stage))}</span>
      {merged.length > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('lifecycle.mergedOf', {
            stages: [stage.code, ...merged]
              .map((c) => labelOf(lifecycleStages.list, c, locale))
              .join(t('common.listSeparator')),
          })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

function Tags({ labels }: { labels: string[] }) {
  const { t } = useI18n();
  if (labels.length === 0) return <Typography.Text type="secondary">{t('templates.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {labels.map((l) => (
        <Tag key={l} bordered={false} style={{ marginInlineEnd: 0 }}>
          {l}
        </Tag>
      ))}
    </Flex>
  );
}

/** A template's stages, read-only: required or not, entry conditions and exit records. */
export function TemplateStagesTable({ template }: { template: StageTemplate }) {
  const { t, pick } = useI18n();
  return (
    <Table<TemplateStage & { index: number }>
      rowKey="code"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={template.stages.map((s, index) => ({ ...s, index }))}
      columns={[
        { key: 'index', title: '#', width: 40, render: (_v, s) => s.index + 1 },
        { key: 'stage', title: t('lifecycle.stage'), render: (_v, s) => <StageName stage={s} /> },
        {
          key: 'required',
          title: t('templates.required'),
          render: (_v, s) =>
            s.required ? (
              <Tag color="blue" bordered={false}>
                {t('templates.required')}
              </Tag>
            ) : (
              <Tag bordered={false}>{t('lifecycle.optional')}</Tag>
            ),
        },
        {
          key: 'entryConditions',
          title: t('templates.entryConditions'),
          render: (_v, s) => <Tags labels={s.entryConditions.map((c) => pick(conditionLabel(c)))} />,
        },
        {
          key: 'exitRecords',
          title: t('templates.exitRecords'),
          render: (_v, s) => <Tags labels={s.exitRecords.map((c) => pick(recordLabel(c)))} />,
        },
      ]}
    />
  );
}
