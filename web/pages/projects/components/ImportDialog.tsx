import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Flex,
  Modal,
  Progress,
  Row,
  Spin,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import type { ImportRowError, ProjectImportResult } from '#domain/schemas/projects.ts';
import { api, type ImportMode } from '../../../api/client.ts';
import { useT } from '../../../i18n/i18n-context.tsx';

type Phase =
  | { step: 'choose' }
  | { step: 'uploading'; percent: number; mode: ImportMode }
  | { step: 'processing'; mode: ImportMode }
  | { step: 'validated'; result: ProjectImportResult };

type Props = { open: boolean; onClose: () => void; onImported: () => void };

/**
 * Excel import in two passes: the file is first only validated (nothing is written) and the user sees every
 * problem by row and column; then the same file is sent again to import all rows or only the valid ones.
 */
export function ImportDialog({ open, onClose, onImported }: Props) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [downloading, setDownloading] = useState(false);
  const busy = phase.step === 'uploading' || phase.step === 'processing';

  const reset = () => {
    setFile(undefined);
    setPhase({ step: 'choose' });
    setError(undefined);
  };

  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const send = async (chosen: File, mode: ImportMode) => {
    setError(undefined);
    setPhase({ step: 'uploading', percent: 0, mode });
    try {
      const result = await api.projects.import(chosen, mode, {
        onProgress: (percent) => setPhase((p) => (p.step === 'uploading' ? { ...p, percent } : p)),
        onUploaded: () => setPhase({ step: 'processing', mode }),
      });
      if (mode !== 'validate' && result.imported > 0) {
        message.success(t('import.success', { count: result.imported }));
        onImported();
        reset();
        onClose();
        return;
      }
      setPhase({ step: 'validated', result });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPhase({ step: 'choose' });
    }
  };

  const downloadTemplate = async () => {
    setDownloading(true);
    try {
      await api.projects.downloadImportTemplate(t('import.templateName'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setDownloading(false);
    }
  };

  const confirmValidOnly = (result: ProjectImportResult) => {
    if (!file) return;
    modal.confirm({
      title: t('import.validOnly'),
      content: t('import.validOnlyConfirm', { invalid: result.invalidRows, valid: result.validRows }),
      okText: t('import.validOnly'),
      cancelText: t('common.cancel'),
      onOk: () => send(file, 'valid-only'),
    });
  };

  const result = phase.step === 'validated' ? phase.result : undefined;
  const processingText = (mode: ImportMode) =>
    mode === 'validate' ? t('import.validating') : t('import.importing');

  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={close}
      maskClosable={!busy}
      closable={!busy}
      width={760}
      destroyOnHidden
      footer={
        result ? (
          <Flex gap={8} justify="end" wrap>
            <Button onClick={reset}>{t('import.chooseAnother')}</Button>
            <Button disabled={result.validRows === 0} onClick={() => confirmValidOnly(result)}>
              {t('import.validOnly')}
            </Button>
            <Button
              type="primary"
              disabled={result.invalidRows > 0 || result.validRows === 0}
              onClick={() => file && void send(file, 'all-or-nothing')}
            >
              {t('import.allOrNothing')}
            </Button>
          </Flex>
        ) : (
          <Button onClick={close} disabled={busy}>
            {t('common.close')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Flex align="center" gap={12} wrap>
          <Typography.Text>{t('import.step1')}</Typography.Text>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={downloading}
            onClick={() => void downloadTemplate()}
          >
            {t('import.downloadTemplate')}
          </Button>
        </Flex>

        {error ? <Alert type="error" showIcon message={t('import.failed')} description={error} /> : null}

        {phase.step === 'choose' ? (
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
                message.error(t('import.onlyXlsx'));
                return Upload.LIST_IGNORE;
              }
              setFile(chosen);
              void send(chosen, 'validate');
              // The file goes through our own XHR, not antd's uploader.
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">{t('import.choose')}</p>
            <p className="ant-upload-hint">{t('import.chooseHint')}</p>
          </Upload.Dragger>
        ) : null}

        {phase.step === 'uploading' ? (
          <div>
            <Typography.Text>
              {t('import.uploading')} {file?.name}
            </Typography.Text>
            <Progress percent={phase.percent} status="active" />
          </div>
        ) : null}

        {phase.step === 'processing' ? (
          <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
            <Spin size="large" />
            <Typography.Text role="status">{processingText(phase.mode)}</Typography.Text>
          </Flex>
        ) : null}

        {result ? <ImportResultView result={result} fileName={file?.name} /> : null}
      </Flex>
    </Modal>
  );
}

function ImportResultView({
  result,
  fileName,
}: {
  result: ProjectImportResult;
  fileName: string | undefined;
}) {
  const t = useT();
  return (
    <Flex vertical gap={12}>
      {fileName ? <Typography.Text type="secondary">{fileName}</Typography.Text> : null}
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('import.totalRows')} value={result.totalRows} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('import.validRows')}
            value={result.validRows}
            valueStyle={{ color: '#389e0d' }}
          />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('import.invalidRows')}
            value={result.invalidRows}
            valueStyle={result.invalidRows > 0 ? { color: '#cf1322' } : undefined}
          />
        </Col>
      </Row>
      {result.errors.length === 0 ? (
        <Alert type="success" showIcon message={t('import.noErrors')} />
      ) : (
        <Table<ImportRowError>
          size="small"
          rowKey={(e) => `${e.row}:${e.column}:${e.message}`}
          dataSource={result.errors}
          pagination={{
            pageSize: 10,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          scroll={{ x: 'max-content' }}
          title={() => t('import.errors')}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 80 },
            { title: t('import.column'), dataIndex: 'column', width: 160 },
            { title: t('import.reason'), dataIndex: 'message' },
          ]}
        />
      )}
    </Flex>
  );
}
