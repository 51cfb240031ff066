import { DeleteOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { todayInChina } from '#domain/iso-date.ts';
import { coordinationPriorities } from '#domain/schemas/coordination.ts';
import {
  findingCategories,
  InspectionCreateInputSchema,
  InspectionUpdateInputSchema,
  inspectionFieldLabels,
  inspectionMethods,
  rectificationKinds,
} from '#domain/schemas/inspections.ts';
import { PHOTO_MAX_BYTES, PHOTOS_PER_UPLOAD } from '#domain/schemas/progress-reports.ts';
import {
  ApiError,
  api,
  type FieldProblem,
  type InspectionDetail,
  type InspectionPhoto,
} from '../../../api/client.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { currentMonthInChina, isFutureMonth, monthToDayjs } from '../../../lib/months.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import { isAcceptedPhoto, uploadPhotoQueue } from '../../reports/photo-files.ts';

type RectificationValues = {
  kind: 'coordination' | 'task';
  title?: string;
  description?: string;
  priority?: string;
  departmentIds?: string[];
  deadlineWorkingDays?: number;
  ownerOrgId?: string;
  deadline?: Dayjs | null;
};
type Values = {
  month: Dayjs;
  inspectedOn?: Dayjs | null;
  method?: string;
  participants?: string[];
  summary?: string;
  findings?: { category?: string; text?: string }[];
  rectifications?: RectificationValues[];
};

const topFields = ['month', 'inspectedOn', 'method', 'participants', 'summary', 'findings', 'rectifications'];
type PhotoItem = UploadFile;

/** A server or zod path ("body.rectifications.0.departmentIds") as a form name (['rectifications', 0, 'departmentIds']). */
function nameOf(path: string): (string | number)[] | undefined {
  const segments = path.split(/[.[\]]/).filter(Boolean);
  const start = segments.findIndex((s) => topFields.includes(s));
  if (start < 0) return undefined;
  const name = segments.slice(start).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  // A message on a whole row of a list goes on its title, the row's first field.
  if (name.length === 2 && typeof name[1] === 'number') {
    name.push(name[0] === 'findings' ? 'text' : 'title');
  }
  return name;
}

/** Puts each message on its (nested) field; returns those that fit no field. */
function placeProblems(form: ReturnType<typeof Form.useForm<Values>>[0], problems: readonly FieldProblem[]) {
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unplaced: string[] = [];
  for (const p of problems) {
    const name = nameOf(p.field);
    if (!name) {
      unplaced.push(p.message);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(p.message);
    byName.set(key, entry);
  }
  setNestedFieldErrors(form, [...byName.values()]);
  const first = byName.values().next();
  if (!first.done) form.scrollToField(first.value.name, { block: 'center' });
  return unplaced;
}

type Props = {
  projectId: string;
  open: boolean;
  /** The month to record, 'YYYY-MM'; defaults to this month. */
  month?: string;
  /** Correct this inspection instead of recording one: the form opens with what it holds. */
  inspectionId?: string;
  onClose: () => void;
  onRecorded: (inspection: InspectionDetail) => void;
};

const valuesOf = (inspection: InspectionDetail): Values => ({
  month: monthToDayjs(inspection.month) ?? dayjs(),
  inspectedOn: dayjs(inspection.inspectedOn),
  method: inspection.method,
  participants: inspection.participants,
  summary: inspection.summary,
  findings: inspection.findings.map((f) => ({ category: f.category, text: f.text })),
  rectifications: [],
});

/** Someone else's version of the inspection, to compare with what the user typed before overwriting it. */
function LatestVersion({ inspection }: { inspection: InspectionDetail }) {
  const { t, pick } = useI18n();
  const label = (field: keyof typeof inspectionFieldLabels) => pick(inspectionFieldLabels[field]);
  const methodLabel = inspectionMethods.list.find((m) => m.code === inspection.method)?.label;
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={label('inspectedOn')}>{inspection.inspectedOn}</Descriptions.Item>
      <Descriptions.Item label={label('method')}>
        {methodLabel ? pick(methodLabel) : inspection.method}
      </Descriptions.Item>
      <Descriptions.Item label={label('participants')}>
        {inspection.participants.join('、')}
      </Descriptions.Item>
      <Descriptions.Item label={label('summary')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{inspection.summary}</span>
      </Descriptions.Item>
      <Descriptions.Item label={label('findings')}>
        {inspection.findings.length === 0 ? (
          '—'
        ) : (
          <Flex vertical gap={4}>
            {inspection.findings.map((f) => (
              <span key={f.id}>
                <Tag bordered={false}>
                  {pick(
                    findingCategories.list.find((c) => c.code === f.category)?.label ?? {
                      zh: f.category,
                      en: f.category,
                    },
                  )}
                </Tag>
                {f.text}
              </span>
            ))}
          </Flex>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('inspections.updatedAt')}>
        {formatDateTime(inspection.updatedAt)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * 记录督查 (一月一督查): date, method, participants, summary, findings by category and rectification demands, each
 * a coordination item for departments or a task for the owner; photos go up one by one once it is saved.
 * With `inspectionId` it corrects that record instead (its demands live on as items and tasks and stay as they
 * are); a record someone else changed meanwhile keeps what the user typed and lets him compare or overwrite.
 */
export function InspectionModal({ projectId, open, month, inspectionId, onClose, onRecorded }: Props) {
  const { t, pick, locale } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [saved, setSaved] = useState<InspectionDetail>();
  const [uploading, setUploading] = useState(false);
  const [conflict, setConflict] = useState<string>();
  const [latest, setLatest] = useState<InspectionDetail>();
  const [removedPhotos, setRemovedPhotos] = useState<string[]>([]);
  const conflictRef = useRef<HTMLDivElement>(null);
  // The save button sits at the bottom of a long form: bring the conflict notice at its top into view.
  useEffect(() => {
    if (conflict) conflictRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [conflict]);
  const chosenMonth = Form.useWatch('month', form) as Dayjs | undefined;
  const editing = Boolean(inspectionId);
  const existing = useAsync(
    () => (open && inspectionId ? api.inspections.get(inspectionId) : Promise.resolve(undefined)),
    [open, inspectionId],
  );
  // The previous inspection's data stays in the hook while the next one loads: only a match counts.
  const original = existing.data && existing.data.id === inspectionId ? existing.data : undefined;
  const keptPhotos: InspectionPhoto[] = (original?.photos ?? []).filter((p) => !removedPhotos.includes(p.id));

  const label = (field: keyof typeof inspectionFieldLabels) => pick(inspectionFieldLabels[field]);
  const options = (list: readonly { code: string; label: { zh: string; en: string } }[]) =>
    list.map((i) => ({ value: i.code, label: pick(i.label) }));

  const close = () => {
    setPhotos([]);
    setSaved(undefined);
    setProblems([]);
    setConflict(undefined);
    setLatest(undefined);
    setRemovedPhotos([]);
    onClose();
  };

  const uploadPhotos = async (inspection: InspectionDetail, list: PhotoItem[]) => {
    setUploading(true);
    const failed = await uploadPhotoQueue(
      list,
      (file, progress) => api.inspections.uploadPhoto(inspection.id, file, progress),
      setPhotos,
    );
    setUploading(false);
    return failed;
  };

  /** After a save: the photos go up; when none failed the modal closes. */
  const afterSave = async (inspection: InspectionDetail) => {
    setSaved(inspection);
    const failed = photos.length ? await uploadPhotos(inspection, photos) : 0;
    if (failed === 0) {
      onRecorded(inspection);
      close();
    }
  };

  const showError = (e: unknown) => {
    if (e instanceof ApiError && e.details.length > 0) setProblems(placeProblems(form, e.details));
    else setProblems([e instanceof Error ? e.message : String(e)]);
  };

  /** Sends the correction with the given version; a 409 leaves the form as the user left it. */
  const saveEdit = async (id: string, version: number) => {
    const values = form.getFieldsValue(true) as Values;
    const parsed = InspectionUpdateInputSchema.safeParse({
      version,
      inspectedOn: values.inspectedOn?.format('YYYY-MM-DD') ?? '',
      method: values.method,
      participants: (values.participants ?? []).map((p) => p.trim()).filter(Boolean),
      summary: values.summary ?? '',
      findings: (values.findings ?? []).map((f) => ({ category: f.category, text: f.text ?? '' })),
    });
    if (!parsed.success) {
      setProblems(placeProblems(form, zodProblems(parsed.error, locale)));
      return;
    }
    setSaving(true);
    try {
      const inspection = await api.inspections.update(id, parsed.data);
      setConflict(undefined);
      message.success(t('inspections.updated'));
      await afterSave(inspection);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(e.message);
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  const loadLatest = async (): Promise<InspectionDetail | undefined> => {
    if (!inspectionId) return undefined;
    try {
      const fresh = await api.inspections.get(inspectionId);
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
      content: t('inspections.overwriteConfirm'),
      okText: t('inspections.overwrite'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const fresh = await loadLatest();
        setLatest(undefined);
        if (fresh) await saveEdit(fresh.id, fresh.version);
      },
    });
  };

  const removePhoto = async (photo: InspectionPhoto) => {
    try {
      await api.inspections.deletePhoto(photo.inspectionId, photo.id);
      setRemovedPhotos((ids) => [...ids, photo.id]);
      message.success(t('reports.photoDeleted'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    if (original) {
      await saveEdit(original.id, original.version);
      return;
    }
    const input = {
      month: values.month.format('YYYY-MM'),
      inspectedOn: values.inspectedOn?.format('YYYY-MM-DD') ?? '',
      method: values.method,
      participants: (values.participants ?? []).map((p) => p.trim()).filter(Boolean),
      summary: values.summary ?? '',
      findings: (values.findings ?? []).map((f) => ({ category: f.category, text: f.text ?? '' })),
      rectifications: (values.rectifications ?? []).map((r) =>
        r.kind === 'task'
          ? {
              kind: 'task' as const,
              title: r.title ?? '',
              description: r.description || null,
              ownerOrgId: r.ownerOrgId,
              deadline: r.deadline?.format('YYYY-MM-DD') ?? '',
            }
          : {
              kind: 'coordination' as const,
              title: r.title ?? '',
              description: r.description || null,
              priority: r.priority,
              departmentIds: r.departmentIds ?? [],
              deadlineWorkingDays: r.deadlineWorkingDays,
            },
      ),
    };
    const parsed = InspectionCreateInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(placeProblems(form, zodProblems(parsed.error, locale)));
      return;
    }
    setSaving(true);
    try {
      const inspection = await api.inspections.create(projectId, parsed.data);
      message.success(t('inspections.recorded'));
      await afterSave(inspection);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const beforeUpload = (file: File) => {
    const problem = isAcceptedPhoto(file);
    if (problem === 'type') message.error(t('reports.photoWrongType', { name: file.name }));
    else if (problem === 'size')
      message.error(t('reports.photoTooLarge', { name: file.name, max: PHOTO_MAX_BYTES / 1024 / 1024 }));
    else if (photos.length >= PHOTOS_PER_UPLOAD)
      message.error(t('reports.photoTooMany', { max: PHOTOS_PER_UPLOAD }));
    else {
      const uid = `${Date.now()}-${file.name}`;
      setPhotos((all) => [
        ...all,
        { uid, name: file.name, status: undefined, originFileObj: file as UploadFile['originFileObj'] },
      ]);
    }
    return Upload.LIST_IGNORE;
  };

  const pending = photos.filter((p) => p.status !== 'done');
  const overall = photos.length
    ? Math.round(
        photos.reduce((sum, p) => sum + (p.status === 'done' ? 100 : (p.percent ?? 0)), 0) / photos.length,
      )
    : 0;
  const today = todayInChina();
  const inMonth = (d: Dayjs) =>
    d.format('YYYY-MM-DD') > today ||
    (chosenMonth ? d.format('YYYY-MM') !== chosenMonth.format('YYYY-MM') : false);

  return (
    <Modal
      open={open}
      title={editing ? t('inspections.editTitle') : t('inspections.recordTitle')}
      okText={saved ? t('inspections.finish') : t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving || uploading, disabled: editing && !original }}
      onOk={() => {
        if (saved) {
          onRecorded(saved);
          close();
        } else void submit().catch(() => undefined);
      }}
      onCancel={() => {
        if (saved) onRecorded(saved);
        close();
      }}
      width={Math.min(820, window.innerWidth - 16)}
      destroyOnHidden
    >
      {editing && existing.error ? <LoadError error={existing.error} onRetry={existing.reload} /> : null}
      {editing && !original && !existing.error ? <Skeleton active /> : null}
      {conflict ? (
        <div ref={conflictRef}>
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            message={t('inspections.conflictTitle')}
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
              </Flex>
            }
          />
        </div>
      ) : null}
      <ProblemsAlert
        title={editing ? t('inspections.updateFailed') : t('inspections.recordFailed')}
        problems={problems}
      />
      {editing && !original ? null : (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          disabled={Boolean(saved)}
          initialValues={
            original
              ? valuesOf(original)
              : {
                  month: monthToDayjs(month ?? currentMonthInChina()) ?? dayjs(),
                  method: 'onsite',
                  participants: [],
                  findings: [],
                  rectifications: [],
                }
          }
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="month"
              label={label('month')}
              required
              style={{ minWidth: 160 }}
              extra={editing ? t('inspections.monthFixed') : undefined}
            >
              <DatePicker picker="month" allowClear={false} disabledDate={isFutureMonth} disabled={editing} />
            </Form.Item>
            <Form.Item
              name="inspectedOn"
              label={label('inspectedOn')}
              required
              rules={[
                { required: true, message: t('common.requiredSelect', { label: label('inspectedOn') }) },
              ]}
              style={{ minWidth: 160 }}
            >
              <DatePicker disabledDate={inMonth} />
            </Form.Item>
            <Form.Item name="method" label={label('method')} required>
              <Radio.Group options={options(inspectionMethods.list)} optionType="button" />
            </Form.Item>
          </Flex>
          <Form.Item
            name="participants"
            label={label('participants')}
            required
            extra={t('inspections.participantsHint')}
            rules={[{ required: true, message: t('common.required', { label: label('participants') }) }]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} />
          </Form.Item>
          <Form.Item
            name="summary"
            label={label('summary')}
            required
            rules={[{ required: true, message: t('common.required', { label: label('summary') }) }]}
          >
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
          <Typography.Title level={5}>{label('findings')}</Typography.Title>
          <Form.List name="findings">
            {(list, { add, remove }) => (
              <Flex vertical gap={8} style={{ marginBottom: 16 }}>
                {list.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'category']}
                      style={{ width: 150, marginBottom: 0 }}
                      rules={[{ required: true, message: t('inspections.chooseCategory') }]}
                    >
                      <Select
                        options={options(findingCategories.list)}
                        aria-label={t('inspections.category')}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'text']} style={{ flex: 1, marginBottom: 0 }}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={1000}
                        aria-label={t('inspections.findingText')}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={t('inspections.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                ))}
                <Button
                  icon={<PlusOutlined aria-hidden />}
                  onClick={() => add({ category: 'progress', text: '' })}
                >
                  {t('inspections.addFinding')}
                </Button>
              </Flex>
            )}
          </Form.List>
          <Typography.Title level={5}>{label('rectifications')}</Typography.Title>
          {original ? (
            <Typography.Paragraph type="secondary">
              {t('inspections.demandsStay', {
                items: original.coordinationItemsCount,
                tasks: original.tasksCount,
              })}
            </Typography.Paragraph>
          ) : (
            <Form.List name="rectifications">
              {(list, { add, remove }) => (
                <Flex vertical gap={8} style={{ marginBottom: 16 }}>
                  {list.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      title={t('inspections.demandNo', { n: index + 1 })}
                      extra={
                        <Button
                          size="small"
                          type="text"
                          icon={<DeleteOutlined aria-hidden />}
                          aria-label={t('inspections.remove')}
                          onClick={() => remove(field.name)}
                        />
                      }
                    >
                      <Form.Item name={[field.name, 'kind']} label={t('inspections.demandKind')}>
                        <Radio.Group options={options(rectificationKinds.list)} optionType="button" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'title']} label={t('inspections.demandTitle')} required>
                        <Input maxLength={100} showCount />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'description']}
                        label={t('inspections.demandDescription')}
                      >
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                      <Form.Item noStyle dependencies={[['rectifications', field.name, 'kind']]}>
                        {() =>
                          form.getFieldValue(['rectifications', field.name, 'kind']) === 'task' ? (
                            <Flex gap={16} wrap>
                              <Form.Item
                                name={[field.name, 'ownerOrgId']}
                                label={t('inspections.ownerOrg')}
                                required
                                style={{ flex: 1, minWidth: 240 }}
                              >
                                <OrganizationSelect placeholder={t('inspections.ownerOrg')} />
                              </Form.Item>
                              <Form.Item
                                name={[field.name, 'deadline']}
                                label={t('inspections.deadline')}
                                required
                              >
                                <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
                              </Form.Item>
                            </Flex>
                          ) : (
                            <Flex gap={16} wrap>
                              <Form.Item
                                name={[field.name, 'departmentIds']}
                                label={t('inspections.departments')}
                                required
                                style={{ flex: 1, minWidth: 240 }}
                              >
                                <OrganizationSelect multiple type="department" />
                              </Form.Item>
                              <Form.Item
                                name={[field.name, 'deadlineWorkingDays']}
                                label={t('inspections.workingDays')}
                                required
                              >
                                <InputNumber<number> min={1} max={120} precision={0} />
                              </Form.Item>
                              <Form.Item
                                name={[field.name, 'priority']}
                                label={t('inspections.priority')}
                                required
                              >
                                <Select
                                  options={options(coordinationPriorities.list)}
                                  style={{ width: 120 }}
                                />
                              </Form.Item>
                            </Flex>
                          )
                        }
                      </Form.Item>
                    </Card>
                  ))}
                  <Button
                    icon={<PlusOutlined aria-hidden />}
                    onClick={() =>
                      add({
                        kind: 'coordination',
                        priority: 'normal',
                        deadlineWorkingDays: 10,
                        departmentIds: [],
                      })
                    }
                  >
                    {t('inspections.addDemand')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          )}
        </Form>
      )}
      <Typography.Title level={5}>{t('reports.photos')}</Typography.Title>
      {keptPhotos.length ? (
        <Flex gap={8} wrap role="list" aria-label={t('inspections.photosKept')} style={{ marginBottom: 12 }}>
          {keptPhotos.map((photo) => (
            <Flex key={photo.id} role="listitem" vertical gap={4} align="center">
              {photo.thumbnailUrl ? (
                <Image
                  src={photo.thumbnailUrl}
                  preview={{ src: photo.url }}
                  alt={photo.originalName ?? photo.id}
                  width={96}
                  height={72}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                />
              ) : (
                <a href={photo.url} target="_blank" rel="noreferrer">
                  {photo.originalName ?? t('reports.noThumbnail')}
                </a>
              )}
              <Popconfirm
                title={t('reports.photoDeleteConfirm')}
                okText={t('inspections.remove')}
                cancelText={t('common.cancel')}
                onConfirm={() => removePhoto(photo)}
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined aria-hidden />}
                  disabled={Boolean(saved)}
                  aria-label={t('inspections.removePhoto', { name: photo.originalName ?? '' })}
                />
              </Popconfirm>
            </Flex>
          ))}
        </Flex>
      ) : null}
      <Typography.Paragraph type="secondary">
        {t('inspections.photoRules', { max: PHOTO_MAX_BYTES / 1024 / 1024, count: PHOTOS_PER_UPLOAD })}
      </Typography.Paragraph>
      <Upload
        multiple
        accept=".jpg,.jpeg,.png,.heic,image/jpeg,image/png,image/heic"
        fileList={photos}
        beforeUpload={beforeUpload}
        onRemove={(file) => {
          if (saved) return false;
          setPhotos((all) => all.filter((p) => p.uid !== file.uid));
          return true;
        }}
      >
        <Button icon={<UploadOutlined aria-hidden />} disabled={Boolean(saved)}>
          {t('reports.addPhotos')}
        </Button>
      </Upload>
      {saved && photos.length > 0 ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Typography.Text>{t('reports.uploadProgress')}</Typography.Text>
          <Progress
            percent={overall}
            status={uploading ? 'active' : pending.length ? 'exception' : 'success'}
            aria-label={t('reports.uploadProgress')}
          />
          {!uploading && pending.length ? (
            <>
              <Alert type="warning" showIcon message={t('reports.photosFailed', { count: pending.length })} />
              <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void uploadPhotos(saved, photos)}>
                {t('common.retry')}
              </Button>
            </>
          ) : null}
        </Flex>
      ) : null}
      <Modal
        open={Boolean(latest)}
        title={t('inspections.latestTitle')}
        footer={<Button onClick={() => setLatest(undefined)}>{t('common.close')}</Button>}
        onCancel={() => setLatest(undefined)}
        width={Math.min(640, window.innerWidth - 16)}
      >
        {latest ? <LatestVersion inspection={latest} /> : null}
      </Modal>
    </Modal>
  );
}
