import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, ReloadOutlined } from '@ant-design/icons';
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
  Progress,
  Result,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  PHOTO_MAX_BYTES,
  PHOTOS_PER_UPLOAD,
  type ProgressReport,
  ProgressReportSubmitInputSchema,
  progressReportFieldLabels,
} from '#domain/schemas/progress-reports.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { ApiError, api, type ProgressReportList } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemsAlert } from '../../components/ProblemsAlert.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatMoney } from '../../lib/format.ts';
import { newIdempotencyKey } from '../../lib/idempotency.ts';
import { currentMonthInChina, isFutureMonth, monthToDayjs, shiftMonth } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useBack } from '../../lib/use-back.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../lib/zod-form.ts';
import { isAcceptedPhoto, uploadPhotoQueue } from './photo-files.ts';

type Values = {
  month?: Dayjs | null;
  investmentThisMonth?: number | null;
  physicalProgress?: number | null;
  imageProgress?: string;
  problems?: string | null;
  overTotalExplanation?: string | null;
};
const fields = [
  'month',
  'investmentThisMonth',
  'physicalProgress',
  'imageProgress',
  'problems',
  'overTotalExplanation',
] as const;

const cents = (x: number) => Math.round(x * 100);

/**
 * /projects/:id/reports/new?month=YYYY-MM — 填报月报, laid out for a phone. Picking a month that already has a
 * report not yet accepted prefills it (a re-submission replaces it and is kept as a new version). Photos are
 * uploaded one by one, with progress, once the report is saved.
 */
export function ReportFormPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useAsync(
    () => Promise.all([api.projects.get(id), api.reports.list(id)]),
    [id],
  );
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
  if (!data || data[0].id !== id) return <PageFallback />;
  return <ReportForm project={data[0]} reports={data[1]} />;
}

type PhotoItem = UploadFile & { originFileObj?: UploadFile['originFileObj'] };

function ReportForm({ project, reports }: { project: Project; reports: ProgressReportList }) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const back = useBack(`/projects/${project.id}?tab=reports`);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [saved, setSaved] = useState<ProgressReport | undefined>(undefined);
  const [uploading, setUploading] = useState(false);
  /** The key of the submission being tried: kept while the same content is retried, new for new content. */
  const attempt = useRef<{ key: string; content: string } | undefined>(undefined);

  const reportOf = (month: string | undefined) =>
    month ? reports.items.find((r) => r.month === month) : undefined;

  const initialMonth = useMemo(() => {
    const asked = params.get('month');
    if (asked && /^\d{4}-\d{2}$/.test(asked)) return asked;
    // The month being chased: reports for a month are due early in the next one.
    return shiftMonth(currentMonthInChina(), -1);
  }, [params]);

  const valuesOf = (report: ProgressReport | undefined): Values => ({
    investmentThisMonth: report?.investmentThisMonth ?? null,
    physicalProgress: report?.physicalProgress ?? null,
    imageProgress: report?.imageProgress ?? '',
    problems: report?.problems ?? null,
    overTotalExplanation: report?.overTotalExplanation ?? null,
  });
  const initialReport = reportOf(initialMonth);
  const initialValues: Values = {
    month: monthToDayjs(initialMonth),
    ...(initialReport && initialReport.status !== 'accepted' ? valuesOf(initialReport) : {}),
  };

  const monthValue = Form.useWatch('month', form) as Dayjs | null | undefined;
  const amount = Form.useWatch('investmentThisMonth', form) as number | null | undefined;
  const month = monthValue ? monthValue.format('YYYY-MM') : undefined;
  const existing = reportOf(month);
  const locked = existing?.status === 'accepted';

  // Cumulative figures are derived: every other month's amount plus this one (as the server checks it).
  const others = reports.items
    .filter((r) => r.month !== month)
    .reduce((sum, r) => sum + r.investmentThisMonth, 0);
  const cumulative = (cents(others) + cents(amount ?? 0)) / 100;
  const overTotal = cents(cumulative) > cents(project.totalInvestment);

  const label = (field: (typeof fields)[number]) => pick(progressReportFieldLabels[field]);
  const rule = (field: (typeof fields)[number], toValue?: (v: unknown) => unknown) =>
    zodRule(ProgressReportSubmitInputSchema.shape[field], {
      locale,
      emptyMessage: t(field === 'month' ? 'common.requiredSelect' : 'common.required', {
        label: label(field),
      }),
      toValue,
    });

  const onValuesChange = (changed: Partial<Values>) => {
    if (!('month' in changed)) return;
    const picked = changed.month ? changed.month.format('YYYY-MM') : undefined;
    const report = reportOf(picked);
    // A month already reported: its values are the starting point of the correction.
    if (report && report.status !== 'accepted') form.setFieldsValue(valuesOf(report));
  };

  const uploadPhotos = async (report: ProgressReport, list: PhotoItem[]) => {
    setUploading(true);
    const failed = await uploadPhotoQueue(
      list,
      (file, progress) => api.reports.uploadPhoto(report.id, file, progress),
      setPhotos,
    );
    setUploading(false);
    return failed;
  };

  const finish = (report: ProgressReport) =>
    navigate(`/projects/${project.id}?tab=reports&report=${report.id}`, { replace: true });

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const input = {
      month: values.month ? values.month.format('YYYY-MM') : '',
      investmentThisMonth: values.investmentThisMonth ?? Number.NaN,
      physicalProgress: values.physicalProgress ?? null,
      imageProgress: values.imageProgress ?? '',
      problems: values.problems ?? null,
      overTotalExplanation: overTotal ? (values.overTotalExplanation ?? null) : null,
    };
    const parsed = ProgressReportSubmitInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    const content = JSON.stringify(parsed.data);
    if (attempt.current?.content !== content) attempt.current = { key: newIdempotencyKey(), content };
    setSaving(true);
    let report: ProgressReport;
    try {
      report = await api.reports.submit(project.id, parsed.data, attempt.current.key);
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) setProblems(setFieldErrors(form, e.details, fields));
      else setProblems([e instanceof Error ? e.message : String(e)]);
      setSaving(false);
      return;
    }
    attempt.current = undefined;
    setSaving(false);
    setSaved(report);
    message.success(t('reports.submitted', { month: report.month }));
    const failed = await uploadPhotos(report, photos);
    if (failed === 0) finish(report);
  };

  const beforeUpload = (file: File) => {
    const problem = isAcceptedPhoto(file);
    if (problem === 'type') message.error(t('reports.photoWrongType', { name: file.name }));
    else if (problem === 'size')
      message.error(t('reports.photoTooLarge', { name: file.name, max: PHOTO_MAX_BYTES / 1024 / 1024 }));
    else if (photos.length >= PHOTOS_PER_UPLOAD)
      message.error(t('reports.photoTooMany', { max: PHOTOS_PER_UPLOAD }));
    else {
      const uid = `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`;
      setPhotos((all) => [
        ...all,
        { uid, name: file.name, size: file.size, type: file.type, originFileObj: file as never },
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

  return (
    <div style={{ maxWidth: 720 }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined aria-hidden />}
        onClick={back}
        style={{ paddingLeft: 0, marginBottom: 8 }}
      >
        {t('common.back')}
      </Button>
      <PageHeader title={t(existing && !locked ? 'reports.resubmitTitle' : 'reports.formTitle')} />
      <Typography.Paragraph strong style={{ marginTop: -8 }}>
        {project.name}
      </Typography.Paragraph>

      <ProblemsAlert title={t('reports.submitFailed')} problems={problems} />
      {existing?.status === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('reports.returnedBanner')}
          description={t('reports.returnReasonIs', { reason: existing.reviewReason ?? '—' })}
        />
      ) : null}
      {existing?.status === 'submitted' && !saved ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('reports.replaceHint')} />
      ) : null}
      {locked ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('reports.acceptedLocked')} />
      ) : null}

      <Card size="small">
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={onValuesChange}
          disabled={Boolean(saved) || locked}
          requiredMark
        >
          <Form.Item
            name="month"
            label={label('month')}
            required
            rules={[rule('month', (v) => (v ? (v as Dayjs).format('YYYY-MM') : null))]}
          >
            <DatePicker
              picker="month"
              disabledDate={isFutureMonth}
              allowClear={false}
              inputReadOnly={false}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item
            name="investmentThisMonth"
            label={label('investmentThisMonth')}
            required
            rules={[rule('investmentThisMonth')]}
            extra={t('reports.cumulativeHint', {
              cumulative: formatMoney(cumulative, locale),
              total: formatMoney(project.totalInvestment, locale),
            })}
          >
            <InputNumber<number>
              min={0}
              step={1}
              precision={2}
              inputMode="decimal"
              addonAfter={t('reports.unitWan')}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {overTotal ? (
            <Form.Item
              name="overTotalExplanation"
              label={label('overTotalExplanation')}
              required
              extra={t('reports.overTotalHint', {
                cumulative: formatMoney(cumulative, locale),
                total: formatMoney(project.totalInvestment, locale),
              })}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('common.required', { label: label('overTotalExplanation') }),
                },
                rule('overTotalExplanation'),
              ]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          ) : null}
          <Form.Item
            name="physicalProgress"
            label={label('physicalProgress')}
            rules={[rule('physicalProgress')]}
          >
            <InputNumber<number>
              min={0}
              max={100}
              precision={1}
              inputMode="decimal"
              addonAfter="%"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item
            name="imageProgress"
            label={label('imageProgress')}
            required
            rules={[rule('imageProgress')]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('reports.imagePlaceholder')} />
          </Form.Item>
          <Form.Item name="problems" label={label('problems')} rules={[rule('problems')]}>
            <Input.TextArea
              rows={3}
              maxLength={2000}
              showCount
              placeholder={t('reports.problemsPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            label={t('reports.photos')}
            extra={t('reports.photoRules', { max: PHOTO_MAX_BYTES / 1024 / 1024, count: PHOTOS_PER_UPLOAD })}
          >
            <Upload
              accept=".jpg,.jpeg,.png,.heic,image/jpeg,image/png,image/heic"
              multiple
              listType="picture"
              fileList={photos}
              beforeUpload={beforeUpload}
              onRemove={(file) => {
                if (saved) return false;
                setPhotos((all) => all.filter((p) => p.uid !== file.uid));
                return true;
              }}
            >
              <Button icon={<CameraOutlined aria-hidden />} disabled={Boolean(saved)}>
                {t('reports.addPhotos')}
              </Button>
            </Upload>
          </Form.Item>
        </Form>

        {saved && photos.length > 0 ? (
          <div style={{ marginBottom: 16 }}>
            <Typography.Text>{t('reports.uploadProgress')}</Typography.Text>
            <Progress
              percent={overall}
              status={uploading ? 'active' : pending.length ? 'exception' : 'success'}
              aria-label={t('reports.uploadProgress')}
            />
            {!uploading && pending.length ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                message={t('reports.photosFailed', { count: pending.length })}
                style={{ marginTop: 8 }}
              />
            ) : null}
          </div>
        ) : null}

        {saved ? (
          <Flex gap={8} wrap>
            {!uploading && pending.length ? (
              <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void uploadPhotos(saved, photos)}>
                {t('reports.retryPhotos')}
              </Button>
            ) : null}
            <Button
              type="primary"
              icon={<CheckOutlined aria-hidden />}
              disabled={uploading}
              onClick={() => finish(saved)}
            >
              {t('reports.done')}
            </Button>
          </Flex>
        ) : (
          <Button
            type="primary"
            block
            size="large"
            loading={saving}
            disabled={locked}
            onClick={() => void submit().catch(() => undefined)}
          >
            {t(existing && !locked ? 'reports.resubmit' : 'reports.submit')}
          </Button>
        )}
      </Card>
    </div>
  );
}
