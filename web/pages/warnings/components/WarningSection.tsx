import { AuditOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Row,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { Project } from '#domain/schemas/projects.ts';
import { api, type ProjectWarningDetail } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { LightDot, WarningLight } from '../../../components/WarningLight.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../../i18n/zh-CN.ts';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ConfidenceTag } from './ConfidenceTag.tsx';
import { JudgementModal } from './JudgementModal.tsx';
import { usePresetName } from './preset-name.ts';

type EarnedValue = NonNullable<ProjectWarningDetail['earnedValue']>;

/**
 * 预警 on the project page: the computed light with every reason, the earned-value figures (each with what it
 * means, or why it cannot be computed), and the judgements people recorded beside the light.
 */
export function WarningSection({ project }: { project: Project }) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const presetName = usePresetName();
  const [judging, setJudging] = useState(false);
  const { data, error, loading, reload } = useAsync(() => api.warnings.get(project.id), [project.id]);

  if (error && !data) {
    return (
      <Card size="small" title={t('warnings.sectionTitle')}>
        <LoadError error={error} onRetry={reload} />
      </Card>
    );
  }
  if (!data) return <Card size="small" title={t('warnings.sectionTitle')} loading />;

  return (
    <>
      <Card
        size="small"
        title={t('warnings.sectionTitle')}
        style={{ marginBottom: 16 }}
        loading={loading && !data}
        extra={
          can('warning.judge') && project.deletedAt === null ? (
            <Button icon={<AuditOutlined aria-hidden />} onClick={() => setJudging(true)}>
              {t('warnings.judge')}
            </Button>
          ) : null
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} md={8}>
            <Flex vertical gap={8} align="flex-start">
              <WarningLight color={data.color} size="large" />
              <Typography.Text type="secondary">
                {t('warnings.presetIs', { name: presetName(data.presetCode) })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('warnings.computedAt', { time: formatDateTime(data.computedAt) })}
              </Typography.Text>
              {data.latestJudgement ? (
                <Flex gap={6} align="center" wrap>
                  <Typography.Text type="secondary">{t('warnings.latestJudgement')}</Typography.Text>
                  <ConfidenceTag confidence={data.latestJudgement.confidence} />
                </Flex>
              ) : null}
            </Flex>
          </Col>
          <Col xs={24} md={16}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('warnings.reasons')}
            </Typography.Title>
            {data.reasons.length === 0 ? (
              <Typography.Text type="secondary">{t('warnings.noReasons')}</Typography.Text>
            ) : (
              <Flex vertical gap={6} role="list" aria-label={t('warnings.reasons')}>
                {data.reasons.map((r) => (
                  <Flex key={r.code} gap={8} align="flex-start" role="listitem">
                    <LightDot color={r.color} />
                    <span>{pick(r)}</span>
                  </Flex>
                ))}
              </Flex>
            )}
          </Col>
        </Row>
      </Card>

      <EarnedValueCard value={data.earnedValue} />

      <Card size="small" title={t('warnings.judgements')}>
        {data.judgements.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.noJudgements')} />
        ) : (
          <Timeline
            items={data.judgements.map((j) => ({
              key: j.id,
              color: j.confidence === 'high' ? 'green' : j.confidence === 'medium' ? 'orange' : 'red',
              children: (
                <Flex vertical gap={2}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong>{j.judgedOn}</Typography.Text>
                    <ConfidenceTag confidence={j.confidence} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {j.actorName ?? '—'} · {formatDateTime(j.createdAt)}
                    </Typography.Text>
                  </Flex>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{j.reason}</Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Card>

      <JudgementModal
        projectId={project.id}
        open={judging}
        onClose={() => setJudging(false)}
        onSaved={() => {
          setJudging(false);
          reload();
        }}
      />
    </>
  );
}

type Figure = {
  key: string;
  label: MessageKey;
  help: MessageKey;
  value: string;
  /** Why the figure cannot be computed, in words. */
  missing?: string;
};

function EarnedValueCard({ value }: { value: EarnedValue | null }) {
  const { t, pick, locale } = useI18n();
  const title = t('evm.title');
  if (!value) {
    return (
      <Card size="small" title={title} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon message={t('evm.notComputed')} />
      </Card>
    );
  }
  const money = (n: number) => formatMoney(n, locale);
  const index = (c: EarnedValue['spi']) => (c.value === null ? '' : c.value.toFixed(3));
  const figures: Figure[] = [
    { key: 'bac', label: 'evm.bac', help: 'evm.bacHelp', value: money(value.bac) },
    { key: 'pv', label: 'evm.pv', help: 'evm.pvHelp', value: money(value.pv) },
    { key: 'ev', label: 'evm.ev', help: 'evm.evHelp', value: money(value.ev) },
    { key: 'ac', label: 'evm.ac', help: 'evm.acHelp', value: money(value.ac) },
    { key: 'sv', label: 'evm.sv', help: 'evm.svHelp', value: money(value.sv) },
    { key: 'cv', label: 'evm.cv', help: 'evm.cvHelp', value: money(value.cv) },
    {
      key: 'spi',
      label: 'evm.spi',
      help: 'evm.spiHelp',
      value: index(value.spi),
      missing: value.spi.reason ? pick(value.spi.reason) : undefined,
    },
    {
      key: 'cpi',
      label: 'evm.cpi',
      help: 'evm.cpiHelp',
      value: index(value.cpi),
      missing: value.cpi.reason ? pick(value.cpi.reason) : undefined,
    },
    {
      key: 'eac',
      label: 'evm.eac',
      help: 'evm.eacHelp',
      value: value.eac.value === null ? '' : money(value.eac.value),
      missing: value.eac.reason ? pick(value.eac.reason) : undefined,
    },
    {
      key: 'forecast',
      label: 'evm.forecastFinish',
      help: 'evm.forecastHelp',
      value: value.forecastFinish.value ?? '',
      missing: value.forecastFinish.reason ? pick(value.forecastFinish.reason) : undefined,
    },
  ];
  const behind = (c: EarnedValue['spi']) => c.value !== null && c.value < 1;
  return (
    <Card
      size="small"
      title={title}
      style={{ marginBottom: 16 }}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('evm.asOf', { date: value.asOf, progress: value.physicalProgressPct })}
        </Typography.Text>
      }
    >
      <Descriptions
        size="small"
        bordered
        layout="vertical"
        column={{ xs: 2, sm: 2, md: 3, lg: 5, xl: 5, xxl: 5 }}
        items={figures.map((f) => ({
          key: f.key,
          label: (
            <Tooltip title={t(f.help)}>
              <span>
                {t(f.label)} <QuestionCircleOutlined aria-label={t(f.help)} style={{ fontSize: 12 }} />
              </span>
            </Tooltip>
          ),
          children: f.missing ? (
            <Typography.Text type="secondary">{f.missing}</Typography.Text>
          ) : (
            <span className="gj-money">
              {f.value}
              {(f.key === 'spi' && behind(value.spi)) || (f.key === 'cpi' && behind(value.cpi)) ? (
                <Tag color="warning" bordered={false} style={{ marginInlineStart: 6 }}>
                  {t('evm.below1')}
                </Tag>
              ) : null}
            </span>
          ),
        }))}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('evm.unitNote')}
      </Typography.Paragraph>
    </Card>
  );
}
