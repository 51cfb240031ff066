import { Alert, App, Button, Drawer, Flex, Form, Result, Space } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { type Project, type ProjectCreateInput, ProjectCreateInputSchema } from '#domain/schemas/projects.ts';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useBack } from '../../lib/use-back.ts';
import { setFieldErrors, zodProblems } from '../../lib/zod-form.ts';
import { ProjectDescriptions } from './components/ProjectDescriptions.tsx';
import { ProjectFormFields } from './components/ProjectFormFields.tsx';
import {
  formValuesToInput,
  type ProjectFormValues,
  projectFormFields,
  projectToFormValues,
} from './project-form-values.ts';

/** /projects/new and /projects/:id/edit. */
export function ProjectFormPage() {
  const { id } = useParams();
  if (!id) return <ProjectForm />;
  return <EditProject id={id} />;
}

function EditProject({ id }: { id: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, reload } = useAsync(() => api.projects.get(id), [id]);
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('projects.notFound')}
        extra={<Button onClick={() => navigate('/projects')}>{t('projects.backToList')}</Button>}
      />
    );
  }
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data || data.id !== id) return <PageFallback />;
  return <ProjectForm project={data} />;
}

type Conflict = { message: string };

function ProjectForm({ project }: { project?: Project }) {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const back = useBack(project ? `/projects/${project.id}` : '/projects');
  const [form] = Form.useForm<ProjectFormValues>();
  const [saving, setSaving] = useState(false);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict | undefined>(undefined);
  const [latest, setLatest] = useState<Project | undefined>(undefined);
  const [latestOpen, setLatestOpen] = useState(false);

  // A project owner files projects for their own organisation only; the server enforces the same.
  const fixedOwner =
    me?.roles.includes('project_owner') && me.organizationId
      ? { value: me.organizationId, label: me.organizationName ?? me.organizationId }
      : undefined;

  /** Checks the whole object (cross-field rules: funding sum, dates, coordinates) with the shared schema. */
  const parseForm = (): ProjectCreateInput | undefined => {
    const parsed = ProjectCreateInputSchema.safeParse(formValuesToInput(form.getFieldsValue(true)));
    if (parsed.success) return parsed.data;
    setOtherErrors(setFieldErrors(form, zodProblems(parsed.error, locale), projectFormFields));
    return undefined;
  };

  const save = async (input: ProjectCreateInput, version: number | undefined) => {
    setSaving(true);
    setOtherErrors([]);
    try {
      // An edit never sends the stage: it changes only by a stage transition, perhaps since this form opened.
      const { stage: _stage, ...changes } = input;
      const saved =
        project && version !== undefined
          ? await api.projects.update(project.id, { ...changes, version })
          : await api.projects.create(input);
      setConflict(undefined);
      message.success(project ? t('projects.saved') : t('projects.created'));
      // The form's history entry is replaced, so "back" from the project does not return to a stale form.
      navigate(`/projects/${saved.id}`, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        // Nothing the user typed is touched: they decide what happens next.
        setConflict({ message: e.message });
        window.scrollTo({ top: 0 });
      } else if (e instanceof ApiError && e.details.length > 0) {
        setOtherErrors(setFieldErrors(form, e.details, projectFormFields));
      } else {
        setOtherErrors([e instanceof Error ? e.message : String(e)]);
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    const input = parseForm();
    if (input) await save(input, project?.version);
  };

  const loadLatest = async (): Promise<Project | undefined> => {
    if (!project) return undefined;
    try {
      const fresh = await api.projects.get(project.id);
      setLatest(fresh);
      return fresh;
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };

  const overwrite = () => {
    modal.confirm({
      title: t('projects.overwrite'),
      content: t('projects.overwriteConfirm'),
      okText: t('projects.overwrite'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const input = parseForm();
        const fresh = await loadLatest();
        if (input && fresh) await save(input, fresh.version);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={project ? t('projects.editTitle') : t('projects.createTitle')}
        tags={project?.isDemo ? <DemoTag /> : undefined}
      />
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('projects.conflictTitle')}
          description={
            <Flex vertical gap={8}>
              <span>{conflict.message}</span>
              <span>{t('projects.conflictHint')}</span>
              <Space wrap>
                <Button
                  onClick={async () => {
                    if (await loadLatest()) setLatestOpen(true);
                  }}
                >
                  {t('projects.viewLatest')}
                </Button>
                <Button type="primary" danger onClick={overwrite}>
                  {t('projects.overwrite')}
                </Button>
              </Space>
            </Flex>
          }
        />
      ) : null}
      {otherErrors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('projects.otherErrors')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {otherErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form<ProjectFormValues>
        form={form}
        layout="vertical"
        initialValues={project ? projectToFormValues(project) : { ownerOrgId: fixedOwner?.value, tags: [] }}
        scrollToFirstError={{ block: 'center' }}
        onFinish={() => void submit()}
        onValuesChange={(changed: ProjectFormValues) => {
          // A town belongs to one district: a new district clears a town from the old one.
          if ('divisionCode' in changed) form.setFieldValue('townCode', null);
        }}
      >
        <ProjectFormFields
          form={form}
          fixedOwner={fixedOwner}
          stageLocked={project !== undefined}
          known={
            project
              ? {
                  owner: { value: project.ownerOrgId, label: project.ownerOrgName },
                  leadDepartment: project.leadDepartmentId
                    ? {
                        value: project.leadDepartmentId,
                        label: project.leadDepartmentName ?? project.leadDepartmentId,
                      }
                    : undefined,
                  chief: project.chiefUserId
                    ? { value: project.chiefUserId, label: project.chiefName ?? project.chiefUserId }
                    : undefined,
                }
              : undefined
          }
        />
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
          <Button onClick={back}>{t('common.cancel')}</Button>
        </Flex>
      </Form>
      <Drawer
        open={latestOpen}
        onClose={() => setLatestOpen(false)}
        title={latest ? t('projects.latestVersion', { version: latest.version }) : t('projects.viewLatest')}
        width={Math.min(720, window.innerWidth)}
      >
        {latest ? <ProjectDescriptions project={latest} compact /> : null}
      </Drawer>
    </>
  );
}
