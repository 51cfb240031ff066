import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Result } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
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

export function ProjectDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const back = useBack('/projects');
  const [deleting, setDeleting] = useState(false);
  const [restoring, setRestoring] = useState(false);
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
      <LifecycleSection project={project} onProjectChanged={reload} />
      <ProjectDescriptions project={project} />
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
