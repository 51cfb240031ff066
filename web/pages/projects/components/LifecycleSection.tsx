import {
  CheckCircleFilled,
  CloseCircleFilled,
  EditOutlined,
  FileDoneOutlined,
  RightCircleOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Row, Select, Space, Tag, Typography, theme } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { Project } from '#domain/schemas/projects.ts';
import { ApiError, api, type ProjectLifecycle, type StageTemplateRow } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { conditionLabel, recordLabel } from '../../../lib/lifecycle.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { MoveStageModal } from './MoveStageModal.tsx';
import { ProjectEventModal } from './ProjectEventModal.tsx';
import { ProjectEventsCard } from './ProjectEventsCard.tsx';
import { StagePlansModal } from './StagePlansModal.tsx';
import { StageRecordsModal } from './StageRecordsModal.tsx';
import { StageSteps } from './StageSteps.tsx';

type Dialog = 'move' | 'record' | 'plans' | 'event';

type Props = {
  project: Project;
  /** The project record changed (stage, version, actual dates): the page reloads it. */
  onProjectChanged: () => void;
};

/**
 * 全流程: the stepper, what the next stage asks for, the exit records on file, and the actions on them
 * (推进阶段, 登记办结记录, 阶段计划, 阶段模板), then the project's events and stage history.
 */
export function LifecycleSection({ project, onProjectChanged }: Props) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const { data, error, reload } = useAsync(() => api.lifecycle.get(project.id), [project.id]);
  const [lifecycle, setLifecycle] = useState<ProjectLifecycle | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog | undefined>(undefined);

  const active = project.deletedAt === null;
  const canMove = active && can('project.stage.move');
  const canPlan = active && can('plan.manage');
  const canRecordEvent = active && can('project.event.record');

  useEffect(() => {
    if (data) setLifecycle(data);
  }, [data]);

  // The project was changed elsewhere (edited, restored): its lifecycle carries the version to send.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new project version should reload.
  useEffect(() => {
    if (lifecycle && lifecycle.version !== project.version) reload();
  }, [project.version]);

  if (error && !lifecycle) {
    return (
      <Card title={t('lifecycle.title')} size="small" style={{ marginBottom: 24 }}>
        <LoadError error={error} onRetry={reload} />
      </Card>
    );
  }
  if (!lifecycle)
    return <Card title={t('lifecycle.title')} size="small" loading style={{ marginBottom: 24 }} />;

  const applied = (next: ProjectLifecycle, text: string) => {
    setLifecycle(next);
    setDialog(undefined);
    message.success(text);
    onProjectChanged();
  };
  const conflicted = () => {
    setDialog(undefined);
    message.warning(t('lifecycle.conflict'));
    reload();
    onProjectChanged();
  };

  const current = lifecycle.steps.find((s) => s.status === 'current');
  const currentIndex = current ? lifecycle.steps.indexOf(current) : -1;
  const next = lifecycle.steps[currentIndex + 1];

  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 24 }}
        title={t('lifecycle.title')}
        aria-label={t('lifecycle.title')}
      >
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
          <TemplateChoice
            lifecycle={lifecycle}
            editable={canMove}
            onChoose={(row) =>
              modal.confirm({
                title: t('lifecycle.templateSwitchTitle'),
                content: t('lifecycle.templateSwitchConfirm', {
                  from: pick(lifecycle.template.name),
                  to: pick(row.template.name),
                }),
                okText: t('lifecycle.templateSwitchOk'),
                cancelText: t('common.cancel'),
                onOk: async () => {
                  try {
                    const saved = await api.lifecycle.chooseTemplate(project.id, {
                      templateCode: row.template.code,
                      version: lifecycle.version,
                    });
                    applied(saved, t('lifecycle.templateSwitched', { name: pick(row.template.name) }));
                  } catch (e) {
                    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') conflicted();
                    else message.error(e instanceof Error ? e.message : String(e));
                  }
                },
              })
            }
          />
          <Flex gap={8} wrap>
            {canMove ? (
              <Button
                type="primary"
                icon={<RightCircleOutlined aria-hidden />}
                onClick={() => setDialog('move')}
              >
                {t('lifecycle.move')}
              </Button>
            ) : null}
            {canMove ? (
              <Button icon={<FileDoneOutlined aria-hidden />} onClick={() => setDialog('record')}>
                {t('lifecycle.record')}
              </Button>
            ) : null}
            {canPlan ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setDialog('plans')}>
                {t('lifecycle.plans')}
              </Button>
            ) : null}
          </Flex>
        </Flex>

        <StageSteps lifecycle={lifecycle} />

        <Row gutter={[24, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {next
                ? t('lifecycle.nextConditions', { stage: pick(next.label) })
                : t('lifecycle.nextConditionsNone')}
            </Typography.Title>
            {!next ? (
              <Typography.Text type="secondary">{t('lifecycle.lastStage')}</Typography.Text>
            ) : next.entryConditions.length === 0 ? (
              <Typography.Text type="secondary">{t('lifecycle.noConditions')}</Typography.Text>
            ) : (
              <CheckList
                items={next.entryConditions.map((code) => ({
                  key: code,
                  ok: lifecycle.conditions[code] === true,
                  text: pick(conditionLabel(code)),
                }))}
              />
            )}
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {current
                ? t('lifecycle.exitRecordsOf', { stage: pick(current.label) })
                : t('lifecycle.recordsOnFile')}
            </Typography.Title>
            {!current || current.exitRecords.length === 0 ? (
              <Typography.Text type="secondary">{t('lifecycle.noExitRecords')}</Typography.Text>
            ) : (
              <CheckList
                items={current.exitRecords.map((code) => {
                  const value = lifecycle.records[code];
                  return {
                    key: code,
                    ok: Boolean(value),
                    text: (
                      <>
                        {pick(recordLabel(code))}
                        {t('common.colon')}
                        {value ?? (
                          <Typography.Text type="secondary">{t('lifecycle.notRecorded')}</Typography.Text>
                        )}
                      </>
                    ),
                  };
                })}
              />
            )}
          </Col>
        </Row>

        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('lifecycle.recordsOnFile')}
        </Typography.Title>
        {Object.keys(lifecycle.records).length > 0 ? (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            items={Object.entries(lifecycle.records).map(([code, value]) => ({
              key: code,
              label: pick(recordLabel(code)),
              children: value,
            }))}
          />
        ) : (
          <Typography.Text type="secondary">{t('lifecycle.noRecords')}</Typography.Text>
        )}
      </Card>

      <ProjectEventsCard lifecycle={lifecycle} canRecord={canRecordEvent} onAdd={() => setDialog('event')} />

      <MoveStageModal
        projectId={project.id}
        lifecycle={lifecycle}
        open={dialog === 'move'}
        onClose={() => setDialog(undefined)}
        onMoved={(saved) => {
          const stage = saved.steps.find((s) => s.status === 'current');
          applied(saved, t('lifecycle.moved', { stage: stage ? pick(stage.label) : '' }));
        }}
        onConflict={conflicted}
      />
      <StageRecordsModal
        projectId={project.id}
        lifecycle={lifecycle}
        open={dialog === 'record'}
        onClose={() => setDialog(undefined)}
        onRecorded={(saved) => applied(saved, t('lifecycle.recorded'))}
      />
      <StagePlansModal
        projectId={project.id}
        lifecycle={lifecycle}
        open={dialog === 'plans'}
        onClose={() => setDialog(undefined)}
        onSaved={(saved) => applied(saved, t('lifecycle.plansSaved'))}
      />
      <ProjectEventModal
        projectId={project.id}
        open={dialog === 'event'}
        onClose={() => setDialog(undefined)}
        onRecorded={(saved) => applied(saved, t('events.recorded'))}
      />
    </>
  );
}

function CheckList({ items }: { items: { key: string; ok: boolean; text: ReactNode }[] }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={6} role="list">
      {items.map((item) => (
        <Flex key={item.key} gap={8} align="baseline" role="listitem">
          {item.ok ? (
            <CheckCircleFilled
              style={{ color: token.colorSuccess }}
              aria-label={t('lifecycle.met')}
              role="img"
            />
          ) : (
            <CloseCircleFilled
              style={{ color: token.colorError }}
              aria-label={t('lifecycle.unmet')}
              role="img"
            />
          )}
          <span>{item.text}</span>
        </Flex>
      ))}
    </Flex>
  );
}

/** The project's stage template: a select for those who may change it (with a confirmation), a tag for others. */
function TemplateChoice({
  lifecycle,
  editable,
  onChoose,
}: {
  lifecycle: ProjectLifecycle;
  editable: boolean;
  onChoose: (row: StageTemplateRow) => void;
}) {
  const { t, pick } = useI18n();
  const { data: rows, loading } = useAsync(
    () => (editable ? api.stageTemplates.list() : Promise.resolve<StageTemplateRow[]>([])),
    [editable],
  );
  const current = lifecycle.template;
  const label = <Typography.Text type="secondary">{t('lifecycle.template')}</Typography.Text>;
  if (!editable) {
    return (
      <Space size={4}>
        {label}
        <Tag bordered={false}>{pick(current.name)}</Tag>
      </Space>
    );
  }
  const options = (rows ?? []).map((r) => ({ value: r.template.code, label: pick(r.template.name) }));
  if (!options.some((o) => o.value === current.code))
    options.unshift({ value: current.code, label: pick(current.name) });
  return (
    <Space size={8} wrap>
      {label}
      <Select
        aria-label={t('lifecycle.template')}
        value={current.code}
        options={options}
        loading={loading}
        style={{ minWidth: 200 }}
        popupMatchSelectWidth={false}
        onChange={(code: string) => {
          const row = rows?.find((r) => r.template.code === code);
          if (row && code !== current.code) onChoose(row);
        }}
      />
    </Space>
  );
}
