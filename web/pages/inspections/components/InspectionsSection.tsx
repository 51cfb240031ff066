import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Image,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { coordinationStatuses } from '#domain/schemas/coordination.ts';
import {
  findingCategories,
  inspectionFieldLabels,
  inspectionMethods,
  taskStatuses,
} from '#domain/schemas/inspections.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { api, type Inspection, type ProjectChiefs, type ProjectTask } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type AsyncState, useAsync } from '../../../lib/use-async.ts';
import { ChiefTeamModal } from './ChiefTeamModal.tsx';
import { InspectionModal } from './InspectionModal.tsx';

const taskColors: Record<ProjectTask['status'], string> = {
  open: 'processing',
  done: 'success',
  cancelled: 'default',
};

function labelOf(list: readonly { code: string; label: { zh: string; en: string } }[], code: string) {
  return list.find((i) => i.code === code)?.label ?? { zh: code, en: code };
}

/** One inspection opened: its findings, photos and what its demands became (read again after a correction). */
function InspectionDetails({ id, version }: { id: string; version: number }) {
  const { t, pick } = useI18n();
  const { data, error, reload } = useAsync(() => api.inspections.get(id), [id, version]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
        {data.summary}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('inspections.participantsLine', { names: data.participants.join('、') })}
      </Typography.Text>
      {data.findings.length ? (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('inspections.findings')}</Typography.Text>
          {data.findings.map((f) => (
            <Flex key={f.id} gap={8}>
              <Tag bordered={false}>{pick(labelOf(findingCategories.list, f.category))}</Tag>
              <span>{f.text}</span>
            </Flex>
          ))}
        </Flex>
      ) : null}
      {data.coordinationItems.length ? (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('inspections.createdItems')}</Typography.Text>
          {data.coordinationItems.map((item) => (
            <Flex key={item.id} gap={8} wrap>
              <Link to={`/coordination/${item.id}`}>{item.title}</Link>
              <Tag bordered={false}>{pick(labelOf(coordinationStatuses.list, item.status))}</Tag>
              <Typography.Text type="secondary">
                {item.departments.map((d) => d.name).join('、')} ·{' '}
                {t('inspections.deadlineLine', { date: item.deadline })}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      ) : null}
      {data.tasks.length ? (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('inspections.createdTasks')}</Typography.Text>
          {data.tasks.map((task) => (
            <Flex key={task.id} gap={8} wrap>
              <a href={`#task-${task.id}`}>{task.title}</a>
              <Tag color={taskColors[task.status]} bordered={false}>
                {pick(labelOf(taskStatuses.list, task.status))}
              </Tag>
              <Typography.Text type="secondary">
                {task.ownerOrgName} · {t('inspections.deadlineLine', { date: task.deadline })}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      ) : null}
      {data.photos.length ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap role="list" aria-label={t('reports.photos')}>
            {data.photos.map((photo) => (
              <Flex key={photo.id} role="listitem">
                {photo.thumbnailUrl ? (
                  <Image
                    src={photo.thumbnailUrl}
                    preview={{ src: photo.url }}
                    alt={photo.originalName ?? photo.id}
                    width={120}
                    height={90}
                    style={{ objectFit: 'cover', borderRadius: 4 }}
                  />
                ) : (
                  <a href={photo.url} target="_blank" rel="noreferrer">
                    {photo.originalName ?? t('reports.noThumbnail')}
                  </a>
                )}
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : null}
    </Flex>
  );
}

/** Who answers for the project: the chief, deputies and liaisons with their organisation and since when. */
function ChiefTeamCard({
  project,
  chiefs,
  onChanged,
}: {
  project: Project;
  chiefs: AsyncState<ProjectChiefs>;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const person = (p: ProjectChiefs['deputies'][number]) => (
    <Flex key={p.userId} vertical>
      <span>
        {p.displayName}
        {p.organizationName ? (
          <Typography.Text type="secondary">（{p.organizationName}）</Typography.Text>
        ) : null}
      </span>
      {p.assignedOn ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('chiefTeams.since', { date: p.assignedOn })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
  const people = (list: ProjectChiefs['deputies']) =>
    list.length ? (
      <Flex vertical gap={4}>
        {list.map(person)}
      </Flex>
    ) : (
      '—'
    );
  const canAssign = can('chief.assign') && project.deletedAt === null;
  return (
    <Card
      size="small"
      title={
        <Space>
          <TeamOutlined aria-hidden />
          {t('chiefTeams.cardTitle')}
        </Space>
      }
      extra={
        canAssign ? (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            {chiefs.data?.chief ? t('chiefTeams.edit') : t('chiefTeams.assign')}
          </Button>
        ) : null
      }
    >
      {chiefs.error ? <LoadError error={chiefs.error} onRetry={chiefs.reload} /> : null}
      {!chiefs.data && !chiefs.error ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {chiefs.data ? (
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3 }}>
          <Descriptions.Item label={pick(inspectionFieldLabels.chiefUserId)}>
            {chiefs.data.chief ? (
              person(chiefs.data.chief)
            ) : (
              <Tag color="error" bordered={false}>
                {t('chiefTeams.unassigned')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={pick(inspectionFieldLabels.deputyUserIds)}>
            {people(chiefs.data.deputies)}
          </Descriptions.Item>
          <Descriptions.Item label={pick(inspectionFieldLabels.liaisonUserIds)}>
            {people(chiefs.data.liaisons)}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {canAssign ? (
        <ChiefTeamModal
          projectId={project.id}
          projectName={project.name}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={onChanged}
        />
      ) : null}
    </Card>
  );
}

/**
 * The project's 督查 tab: who answers for it (leaders change the team here), its monthly inspections (open one
 * for findings, photos and the items and tasks it raised; the chief team corrects one) and the project's tasks,
 * which the chief team marks done or cancels.
 */
export function InspectionsSection({
  project,
  onProjectChanged,
}: {
  project: Project;
  /** Assigning the team changes the project (its chief and version). */
  onProjectChanged?: () => void;
}) {
  const { t, pick } = useI18n();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const recordMonth = params.get('record');
  const [open, setOpen] = useState(Boolean(recordMonth));
  const [editingId, setEditingId] = useState<string>();
  const inspections = useAsync(() => api.inspections.list(project.id), [project.id]);
  const tasks = useAsync(() => api.inspections.tasks(project.id), [project.id]);
  const chiefs = useAsync(() => api.inspections.chiefs(project.id), [project.id]);
  const team = chiefs.data
    ? [chiefs.data.chief, ...chiefs.data.deputies, ...chiefs.data.liaisons].some((p) => p?.userId === me?.id)
    : false;
  const canRecord = can('inspection.record');
  const canCloseTasks = canRecord && (team || can('project.scope.all'));

  const setTask = async (task: ProjectTask, status: 'done' | 'cancelled') => {
    try {
      await api.inspections.updateTask(task.id, { status, version: task.version });
      message.success(t(status === 'done' ? 'inspections.taskDone' : 'inspections.taskCancelled'));
      tasks.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      tasks.reload();
    }
  };

  return (
    <Flex vertical gap={16}>
      <ChiefTeamCard
        project={project}
        chiefs={chiefs}
        onChanged={() => {
          chiefs.reload();
          onProjectChanged?.();
        }}
      />
      <Card
        size="small"
        title={t('inspections.listTitle')}
        extra={
          canRecord ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
              {t('chief.record')}
            </Button>
          ) : null
        }
      >
        {inspections.error ? <LoadError error={inspections.error} onRetry={inspections.reload} /> : null}
        <Table<Inspection>
          rowKey="id"
          size="small"
          loading={inspections.loading}
          dataSource={inspections.data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty description={t('inspections.empty')} /> }}
          expandable={{ expandedRowRender: (i) => <InspectionDetails id={i.id} version={i.version} /> }}
          columns={[
            { key: 'month', title: t('chief.month'), dataIndex: 'month', width: 100 },
            { key: 'date', title: t('inspections.date'), dataIndex: 'inspectedOn', width: 120 },
            {
              key: 'method',
              title: t('inspections.method'),
              width: 100,
              render: (_v, i) => pick(labelOf(inspectionMethods.list, i.method)),
            },
            {
              key: 'counts',
              title: t('inspections.counts'),
              render: (_v, i) =>
                t('inspections.countsLine', {
                  findings: i.findingsCount,
                  items: i.coordinationItemsCount,
                  tasks: i.tasksCount,
                  photos: i.photosCount,
                }),
            },
            { key: 'by', title: t('inspections.by'), width: 120, render: (_v, i) => i.createdByName ?? '—' },
            ...(canCloseTasks
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    width: 90,
                    render: (_v: unknown, i: Inspection) => (
                      <Button
                        size="small"
                        icon={<EditOutlined aria-hidden />}
                        aria-label={t('inspections.editOf', { month: i.month })}
                        onClick={() => setEditingId(i.id)}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('inspections.tasksTitle')}>
        {tasks.error ? <LoadError error={tasks.error} onRetry={tasks.reload} /> : null}
        <Table<ProjectTask>
          rowKey="id"
          size="small"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          onRow={(task) => ({ id: `task-${task.id}` })}
          locale={{ emptyText: <Empty description={t('inspections.tasksEmpty')} /> }}
          columns={[
            {
              key: 'title',
              title: t('inspections.demandTitle'),
              render: (_v, task) => (
                <Flex vertical>
                  <span>{task.title}</span>
                  {task.description ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {task.description}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            { key: 'owner', title: t('inspections.ownerOrg'), width: 180, dataIndex: 'ownerOrgName' },
            {
              key: 'deadline',
              title: t('inspections.deadline'),
              width: 140,
              render: (_v, task) => (
                <Space size={4}>
                  <span>{task.deadline}</span>
                  {task.overdue ? (
                    <Tag color="error" bordered={false}>
                      {t('chief.status.overdue')}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'status',
              title: t('inspections.status'),
              width: 100,
              render: (_v, task) => (
                <Tag color={taskColors[task.status]} bordered={false}>
                  {pick(labelOf(taskStatuses.list, task.status))}
                </Tag>
              ),
            },
            ...(canCloseTasks
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    width: 150,
                    render: (_v: unknown, task: ProjectTask) =>
                      task.status === 'open' ? (
                        <Space size={4}>
                          <Popconfirm
                            title={t('inspections.taskDoneConfirm')}
                            onConfirm={() => setTask(task, 'done')}
                          >
                            <Button size="small">{t('inspections.markDone')}</Button>
                          </Popconfirm>
                          <Popconfirm
                            title={t('inspections.taskCancelConfirm')}
                            onConfirm={() => setTask(task, 'cancelled')}
                          >
                            <Button size="small" danger>
                              {t('inspections.cancelTask')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {canRecord ? (
        <InspectionModal
          projectId={project.id}
          open={open}
          month={recordMonth ?? undefined}
          onClose={() => {
            setOpen(false);
            if (recordMonth) {
              const next = new URLSearchParams(params);
              next.delete('record');
              setParams(next, { replace: true });
            }
          }}
          onRecorded={() => {
            inspections.reload();
            tasks.reload();
          }}
        />
      ) : null}
      {canCloseTasks ? (
        <InspectionModal
          projectId={project.id}
          open={Boolean(editingId)}
          inspectionId={editingId}
          onClose={() => setEditingId(undefined)}
          onRecorded={() => inspections.reload()}
        />
      ) : null}
    </Flex>
  );
}
