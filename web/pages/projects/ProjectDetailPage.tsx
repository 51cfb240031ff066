import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Result, Skeleton, Tabs } from 'antd';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Permission } from '#domain/permissions.ts';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useT } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useBack } from '../../lib/use-back.ts';
import { DeleteProjectModal } from './components/DeleteProjectModal.tsx';
import { LifecycleSection } from './components/LifecycleSection.tsx';
import { ProjectDescriptions } from './components/ProjectDescriptions.tsx';

// The sections behind the tabs load when first opened: most visits only read the overview.
const WarningSection = lazy(() =>
  import('../warnings/components/WarningSection.tsx').then((m) => ({ default: m.WarningSection })),
);
const MilestonesSection = lazy(() =>
  import('../plans/components/MilestonesSection.tsx').then((m) => ({ default: m.MilestonesSection })),
);
const AnnualPlanSection = lazy(() =>
  import('../plans/components/AnnualPlanSection.tsx').then((m) => ({ default: m.AnnualPlanSection })),
);
const ReportsSection = lazy(() =>
  import('../reports/components/ReportsSection.tsx').then((m) => ({ default: m.ReportsSection })),
);
const CoordinationSection = lazy(() =>
  import('../coordination/components/CoordinationSection.tsx').then((m) => ({
    default: m.CoordinationSection,
  })),
);
const InspectionsSection = lazy(() =>
  import('../inspections/components/InspectionsSection.tsx').then((m) => ({
    default: m.InspectionsSection,
  })),
);
const FieldReviewHistorySection = lazy(() =>
  import('../field-reviews/components/FieldReviewHistorySection.tsx').then((m) => ({
    default: m.FieldReviewHistorySection,
  })),
);

const tabKeys = [
  'overview',
  'warning',
  'milestones',
  'annual-plan',
  'reports',
  'coordination',
  'inspections',
  'field-reviews',
] as const;
type TabKey = (typeof tabKeys)[number];

export function ProjectDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const back = useBack('/projects');
  const [deleting, setDeleting] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [params, setParams] = useSearchParams();
  const { data: project, error, loading, reload } = useAsync(() => api.projects.get(id), [id]);

  if (error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED')) {
    return (
      <Result
        status="404"
        title={t('projects.notFound')}
        extra={<Button onClick={() => navigate('/projects')}>{t('projects.backToList')}</Button>}
      />
    );
  }
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!project || (loading && project.id !== id)) return <PageFallback />;

  const deleted = project.deletedAt !== null;

  const tabs: { key: TabKey; label: string; anyOf?: Permission[]; content: ReactNode }[] = [
    {
      key: 'overview',
      label: t('projectTabs.overview'),
      content: (
        <>
          <LifecycleSection project={project} onProjectChanged={reload} />
          <ProjectDescriptions project={project} />
        </>
      ),
    },
    {
      key: 'warning',
      label: t('projectTabs.warning'),
      anyOf: ['warning.read'],
      content: <WarningSection project={project} />,
    },
    {
      key: 'milestones',
      label: t('projectTabs.milestones'),
      content: <MilestonesSection project={project} />,
    },
    {
      key: 'annual-plan',
      label: t('projectTabs.annualPlan'),
      content: <AnnualPlanSection project={project} />,
    },
    { key: 'reports', label: t('projectTabs.reports'), content: <ReportsSection project={project} /> },
    {
      key: 'coordination',
      label: t('projectTabs.coordination'),
      content: <CoordinationSection project={project} />,
    },
    {
      key: 'inspections',
      label: t('projectTabs.inspections'),
      content: <InspectionsSection project={project} onProjectChanged={reload} />,
    },
    {
      key: 'field-reviews',
      label: t('projectTabs.fieldReviews'),
      content: <FieldReviewHistorySection project={project} />,
    },
  ];
  const visibleTabs = tabs.filter((tab) => !tab.anyOf || tab.anyOf.some((p) => can(p)));
  const asked = params.get('tab');
  const activeTab = visibleTabs.find((tab) => tab.key === asked)?.key ?? 'overview';
  const switchTab = (key: string) =>
    setParams(
      (p) => {
        // Only the tab travels: a report opened on the reports tab does not follow to the next tab.
        const next = new URLSearchParams();
        if (key !== 'overview') next.set('tab', key);
        for (const [k, v] of p) if (k !== 'tab' && k !== 'report' && k !== 'record') next.set(k, v);
        return next;
      },
      { replace: true },
    );

  const restore = async () => {
    setRestoring(true);
    try {
      await api.projects.restore(project.id);
      message.success(t('projects.restored'));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setRestoring(false);
    }
  };

  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined aria-hidden />}
        onClick={back}
        style={{ paddingLeft: 0, marginBottom: 8 }}
      >
        {t('common.back')}
      </Button>
      <PageHeader
        title={project.name}
        tags={
          <>
            <StageTag stage={project.stage} />
            {project.isDemo ? <DemoTag /> : null}
          </>
        }
        extra={
          <>
            {!deleted && can('project.update') ? (
              <Button
                type="primary"
                icon={<EditOutlined aria-hidden />}
                onClick={() => navigate(`/projects/${project.id}/edit`)}
              >
                {t('projects.edit')}
              </Button>
            ) : null}
            {!deleted && can('project.delete') ? (
              <Button danger icon={<DeleteOutlined aria-hidden />} onClick={() => setDeleting(true)}>
                {t('projects.delete')}
              </Button>
            ) : null}
            {deleted && can('project.restore') ? (
              <Popconfirm
                title={t('projects.restoreConfirm', { name: project.name })}
                okText={t('projects.restore')}
                cancelText={t('common.cancel')}
                onConfirm={restore}
              >
                <Button type="primary" icon={<UndoOutlined aria-hidden />} loading={restoring}>
                  {t('projects.restore')}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      {deleted ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('projects.deletedBanner', {
            time: formatDateTime(project.deletedAt),
            reason: project.deleteReason ?? '—',
          })}
        />
      ) : null}
      <Tabs
        activeKey={activeTab}
        onChange={switchTab}
        items={visibleTabs.map((tab) => ({
          key: tab.key,
          label: tab.label,
          children: <Suspense fallback={<Skeleton active />}>{tab.content}</Suspense>,
        }))}
      />
      <DeleteProjectModal
        project={project}
        open={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          message.success(t('projects.deleted'));
          navigate('/projects');
        }}
      />
    </>
  );
}
