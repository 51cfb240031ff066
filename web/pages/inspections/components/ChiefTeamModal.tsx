import { Alert, App, Button, Descriptions, Flex, Form, Modal, Select, Skeleton, Space } from 'antd';
import { useMemo, useState } from 'react';
import { inspectionFieldLabels, ProjectChiefsInputSchema } from '#domain/schemas/inspections.ts';
import { ApiError, api, type ChiefCandidates, type ProjectChiefs } from '../../../api/client.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { setFieldErrors, zodProblems } from '../../../lib/zod-form.ts';

type Values = { chiefUserId?: string; deputyUserIds?: string[]; liaisonUserIds?: string[] };
const fields = ['chiefUserId', 'deputyUserIds', 'liaisonUserIds'];

type Option = { value: string; label: string };

/** "刘志强（科学城管委会建设局）": people of the same name are told apart by their organisation. */
const optionOf = (p: { id: string; displayName: string; organizationName: string | null }): Option => ({
  value: p.id,
  label: p.organizationName ? `${p.displayName}（${p.organizationName}）` : p.displayName,
});

/** The current team as plain names, to compare with what the user chose before overwriting it. */
function TeamNames({ team }: { team: ProjectChiefs }) {
  const { pick } = useI18n();
  const names = (list: { displayName: string }[]) => list.map((p) => p.displayName).join('、') || '—';
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={pick(inspectionFieldLabels.chiefUserId)}>
        {team.chief?.displayName ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={pick(inspectionFieldLabels.deputyUserIds)}>
        {names(team.deputies)}
      </Descriptions.Item>
      <Descriptions.Item label={pick(inspectionFieldLabels.liaisonUserIds)}>
        {names(team.liaisons)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The pickers once the team and the candidates are in: the team's current people stay pickable. */
function TeamForm({
  form,
  team,
  candidates,
  disabled,
}: {
  form: ReturnType<typeof Form.useForm<Values>>[0];
  team: ProjectChiefs;
  candidates: ChiefCandidates;
  disabled: boolean;
}) {
  const { t, pick } = useI18n();
  const chosenChief = Form.useWatch('chiefUserId', form);
  const chosenDeputies = Form.useWatch('deputyUserIds', form) ?? [];
  const chosenLiaisons = Form.useWatch('liaisonUserIds', form) ?? [];
  const { chiefOptions, staffOptions } = useMemo(() => {
    // Someone on the team who is no longer a candidate (left, or lost the role) still shows by name.
    const current = (list: typeof team.deputies) =>
      list.map((p) => ({ id: p.userId, displayName: p.displayName, organizationName: p.organizationName }));
    const merge = (base: ChiefCandidates['staff'], extra: ReturnType<typeof current>) => [
      ...base.map(optionOf),
      ...extra.filter((e) => !base.some((b) => b.id === e.id)).map(optionOf),
    ];
    return {
      chiefOptions: merge(candidates.chiefs, current(team.chief ? [team.chief] : [])),
      staffOptions: merge(candidates.staff, current([...team.deputies, ...team.liaisons])),
    };
  }, [team, candidates]);
  // A person holds one role on a project: what is taken elsewhere is greyed out.
  const without = (options: Option[], taken: (string | undefined)[]) =>
    options.map((o) => ({ ...o, disabled: taken.includes(o.value) }));
  const label = (field: keyof typeof inspectionFieldLabels) => pick(inspectionFieldLabels[field]);
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={disabled}
      initialValues={{
        chiefUserId: team.chief?.userId,
        deputyUserIds: team.deputies.map((p) => p.userId),
        liaisonUserIds: team.liaisons.map((p) => p.userId),
      }}
    >
      <Form.Item
        name="chiefUserId"
        label={label('chiefUserId')}
        required
        extra={t('chiefTeams.chiefHint')}
        rules={[{ required: true, message: t('common.requiredSelect', { label: label('chiefUserId') }) }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          options={without(chiefOptions, [...chosenDeputies, ...chosenLiaisons])}
          placeholder={t('chiefTeams.pickPerson')}
        />
      </Form.Item>
      <Form.Item name="deputyUserIds" label={label('deputyUserIds')} extra={t('chiefTeams.staffHint')}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          maxCount={5}
          options={without(staffOptions, [chosenChief, ...chosenLiaisons])}
          placeholder={t('chiefTeams.pickPeople')}
        />
      </Form.Item>
      <Form.Item name="liaisonUserIds" label={label('liaisonUserIds')}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          maxCount={10}
          options={without(staffOptions, [chosenChief, ...chosenDeputies])}
          placeholder={t('chiefTeams.pickPeople')}
        />
      </Form.Item>
    </Form>
  );
}

type Props = {
  projectId: string;
  projectName: string;
  open: boolean;
  onClose: () => void;
  onSaved: (team: ProjectChiefs) => void;
};

/**
 * 指定项目长团队: the chief (a holder of the project chief role), up to five deputies and ten liaisons (people
 * who may record inspections), checked as the server checks them. Assigning changes the project, so its version
 * guards the change; when someone changed the project meanwhile, what the user chose stays in the form.
 */
export function ChiefTeamModal({ projectId, projectName, open, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState<string>();
  const [latest, setLatest] = useState<ProjectChiefs>();
  const team = useAsync(
    () => (open ? api.inspections.chiefs(projectId) : Promise.resolve(undefined)),
    [open, projectId],
  );
  const candidates = useAsync(
    () => (open ? api.inspections.candidates() : Promise.resolve(undefined)),
    [open],
  );
  const current = team.data?.projectId === projectId ? team.data : undefined;
  const error = team.error ?? candidates.error;

  const close = () => {
    setProblems([]);
    setConflict(undefined);
    setLatest(undefined);
    onClose();
  };

  const save = async (version: number) => {
    const values = form.getFieldsValue(true) as Values;
    const parsed = ProjectChiefsInputSchema.safeParse({
      chiefUserId: values.chiefUserId ?? '',
      deputyUserIds: values.deputyUserIds ?? [],
      liaisonUserIds: values.liaisonUserIds ?? [],
      version,
    });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      const saved = await api.inspections.setChiefs(projectId, parsed.data);
      message.success(t('chiefTeams.saved'));
      onSaved(saved);
      close();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(e.message);
      else if (e instanceof ApiError && e.details.length > 0)
        setProblems(setFieldErrors(form, e.details, fields));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const loadLatest = async () => {
    try {
      const fresh = await api.inspections.chiefs(projectId);
      setLatest(fresh);
      return fresh;
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };

  const overwrite = () => {
    modal.confirm({
      title: t('inspections.overwrite'),
      content: t('chiefTeams.overwriteConfirm'),
      okText: t('inspections.overwrite'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const fresh = await loadLatest();
        setLatest(undefined);
        if (fresh) await save(fresh.version);
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('chiefTeams.editTitle', { name: projectName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, disabled: !current || !candidates.data }}
      onOk={async () => {
        try {
          await form.validateFields();
        } catch {
          return;
        }
        if (current) await save(current.version);
      }}
      onCancel={close}
      width={Math.min(640, window.innerWidth - 16)}
      destroyOnHidden
    >
      {error ? (
        <LoadError
          error={error}
          onRetry={() => {
            team.reload();
            candidates.reload();
          }}
        />
      ) : null}
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('chiefTeams.conflictTitle')}
          description={
            <Flex vertical gap={8}>
              <span>{conflict}</span>
              <span>{t('inspections.conflictHint')}</span>
              <Space wrap>
                <Button onClick={() => void loadLatest()}>{t('inspections.viewLatest')}</Button>
                <Button type="primary" danger onClick={overwrite}>
                  {t('inspections.overwrite')}
                </Button>
              </Space>
              {latest ? <TeamNames team={latest} /> : null}
            </Flex>
          }
        />
      ) : null}
      <ProblemsAlert title={t('chiefTeams.saveFailed')} problems={problems} />
      {current && candidates.data ? (
        <TeamForm form={form} team={current} candidates={candidates.data} disabled={saving} />
      ) : error ? null : (
        <Skeleton active />
      )}
    </Modal>
  );
}
