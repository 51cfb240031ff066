import { DeleteOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { todayInChina } from '#domain/iso-date.ts';
import { coordinationPriorities } from '#domain/schemas/coordination.ts';
import {
  findingCategories,
  InspectionCreateInputSchema,
  inspectionFieldLabels,
  inspectionMethods,
  rectificationKinds,
} from '#domain/schemas/inspections.ts';
import { PHOTO_MAX_BYTES, PHOTOS_PER_UPLOAD } from '#domain/schemas/progress-reports.ts';
import { ApiError, api, type FieldProblem, type InspectionDetail } from '../../../api/client.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { currentMonthInChina, isFutureMonth, monthToDayjs } from '../../../lib/months.ts';
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
  onClose: () => void;
  onRecorded: (inspection: InspectionDetail) => void;
};

/**
 * 记录督查 (一月一督查): date, method, participants, summary, findings by category and rectification demands, each
 * a coordination item for departments or a task for the owner; photos go up one by one once it is saved.
 */
export function InspectionModal({ projectId, open, month, onClose, onRecorded }: Props) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [saved, setSaved] = useState<InspectionDetail>();
  const [uploading, setUploading] = useState(false);
  const chosenMonth = Form.useWatch('month', form) as Dayjs | undefined;

  const label = (field: keyof typeof inspectionFieldLabels) => pick(inspectionFieldLabels[field]);
  const options = (list: readonly { code: string; label: { zh: string; en: string } }[]) =>
    list.map((i) => ({ value: i.code, label: pick(i.label) }));

  const close = () => {
    setPhotos([]);
    setSaved(undefined);
    setProblems([]);
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

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
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
      setSaved(inspection);
      message.success(t('inspections.recorded'));
      const failed = photos.length ? await uploadPhotos(inspection, photos) : 0;
      if (failed === 0) {
        onRecorded(inspection);
        close();
      }
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) setProblems(placeProblems(form, e.details));
      else setProblems([e instanceof Error ? e.message : String(e)]);
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
      title={t('inspections.recordTitle')}
      okText={saved ? t('inspections.finish') : t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving || uploading }}
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
      <ProblemsAlert title={t('inspections.recordFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        disabled={Boolean(saved)}
        initialValues={{
          month: monthToDayjs(month ?? currentMonthInChina()) ?? dayjs(),
          method: 'onsite',
          participants: [],
          findings: [],
          rectifications: [],
        }}
      >
        <Flex gap={16} wrap>
          <Form.Item name="month" label={label('month')} required style={{ minWidth: 160 }}>
            <DatePicker picker="month" allowClear={false} disabledDate={isFutureMonth} />
          </Form.Item>
          <Form.Item
            name="inspectedOn"
            label={label('inspectedOn')}
            required
            rules={[{ required: true, message: t('common.requiredSelect', { label: label('inspectedOn') }) }]}
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
                  <Form.Item name={[field.name, 'description']} label={t('inspections.demandDescription')}>
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
                            <Select options={options(coordinationPriorities.list)} style={{ width: 120 }} />
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
      </Form>
      <Typography.Title level={5}>{t('reports.photos')}</Typography.Title>
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
    </Modal>
  );
}
