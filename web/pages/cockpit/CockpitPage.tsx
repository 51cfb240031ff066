import { DesktopOutlined, PieChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Row, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { todayInChina } from '#domain/iso-date.ts';
import type { Cockpit } from '#domain/schemas/analysis.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { EChart } from '../../components/EChart.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useLightColors } from '../../components/WarningLight.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { asOfFrom } from './as-of.ts';
import { trendOption } from './cockpit-charts.ts';
import { ChangeLine, FigureCard, FigureValue, SubFigure } from './components/FigureCard.tsx';
import { RankingCard } from './components/RankingCard.tsx';
import { headlineSpecs, stageSpec } from './headline.ts';

const cardCol = { xs: 24, sm: 12, lg: 8, xl: 6 } as const;

/**
 * /cockpit — 领导驾驶舱: the zone's headline figures (or the reader's own projects') as of a day, each with 环比
 * and 同比 and a click through to the list behind it; the year's investment trend; rankings; the big screen.
 */
export function CockpitPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asOf = asOfFrom(params);
  const { data, error, loading, reload } = useAsync(() => api.analytics.cockpit({ asOf }), [asOf]);
  const screenHref = asOf ? `/cockpit/screen?asOf=${asOf}` : '/cockpit/screen';

  return (
    <>
      <PageHeader
        title={t('cockpit.title')}
        tags={
          data ? (
            <Tag color={data.scope === 'all' ? 'blue' : 'gold'}>
              {data.scope === 'all' ? t('cockpit.scopeAll') : t('cockpit.scopeOwn')}
            </Tag>
          ) : null
        }
        extra={
          <>
            <DatePicker
              aria-label={t('cockpit.asOf')}
              placeholder={t('cockpit.asOfToday')}
              allowClear
              value={asOf ? dayjs(asOf) : null}
              disabledDate={(d) => d.format('YYYY-MM-DD') > todayInChina()}
              onChange={(d) => setParams(d ? { asOf: d.format('YYYY-MM-DD') } : {})}
            />
            <Tooltip title={t('cockpit.refresh')}>
              <Button
                icon={<ReloadOutlined aria-hidden />}
                aria-label={t('cockpit.refresh')}
                onClick={reload}
                loading={loading && !!data}
              />
            </Tooltip>
            {can('analysis.read') ? (
              <Button icon={<PieChartOutlined aria-hidden />} onClick={() => navigate('/analysis')}>
                {t('menu.analysis')}
              </Button>
            ) : null}
            <Button
              type="primary"
              icon={<DesktopOutlined aria-hidden />}
              href={screenHref}
              target="_blank"
              rel="noopener"
            >
              {t('cockpit.openScreen')}
            </Button>
          </>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data ? <CockpitBody cockpit={data} /> : error ? null : <PageFallback />}
    </>
  );
}

function CockpitBody({ cockpit: c }: { cockpit: Cockpit }) {
  const { t, pick, locale } = useI18n();
  const lightColors = useLightColors();
  const specs = useMemo(() => headlineSpecs(c), [c]);
  const trend = useMemo(() => trendOption(c, t, locale), [c, t, locale]);
  const isToday = c.asOf === todayInChina();
  // Before the light history begins no light can be compared: say so once rather than six times.
  const lights = [c.lights.red, c.lights.yellow, c.lights.green];
  const lightsNote = lights.every(
    (f) => f.monthAgo === null && f.yearAgo === null && f.monthAgoNote?.code === 'before_history',
  )
    ? c.lights.red.monthAgoNote
    : null;

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('cockpit.subtitle', {
          asOf: c.asOf,
          monthAgo: c.monthAgo,
          yearAgo: c.yearAgo,
          year: c.year,
          month: c.month,
        })}
      </Typography.Paragraph>
      {isToday ? null : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('cockpit.pastDay')} />
      )}
      {c.projectCount === 0 ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('cockpit.noProjects')} />
      ) : null}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col {...cardCol}>
          <FigureCard title={t('cockpit.projectCount')} spec={specs.projectCount} comparisons={false}>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('cockpit.inPlan', { count: c.investment.planCompletion.projectCount })}
            </Typography.Text>
          </FigureCard>
        </Col>
        <Col {...cardCol}>
          <FigureCard title={t('cockpit.totalInvestment')} hint={t('cockpit.totalHint')} spec={specs.total} />
        </Col>
        <Col {...cardCol}>
          <FigureCard
            title={t('cockpit.annualPlan', { year: c.year })}
            hint={t('cockpit.annualPlanHint')}
            spec={specs.annualPlan}
          />
        </Col>
        <Col {...cardCol}>
          <FigureCard
            title={t('cockpit.completedYtd', { month: c.month })}
            hint={t('cockpit.completedHint')}
            spec={specs.completedYtd}
          />
        </Col>
        <Col {...cardCol}>
          <FigureCard
            title={t('cockpit.annualCompletion')}
            hint={t('cockpit.annualCompletionHint', { count: c.investment.planCompletion.projectCount })}
            spec={specs.annualCompletionPct}
          >
            <SubFigure label={t('cockpit.scheduleCompletion')} spec={specs.scheduleCompletionPct} />
          </FigureCard>
        </Col>
        <Col {...cardCol}>
          <FigureCard title={t('cockpit.starts')} spec={specs.startsActual}>
            <SubFigure label={t('cockpit.startsPlanned')} spec={specs.startsPlanned} />
          </FigureCard>
        </Col>
        <Col {...cardCol}>
          <FigureCard title={t('cockpit.completions')} spec={specs.completionsActual}>
            <SubFigure label={t('cockpit.completionsPlanned')} spec={specs.completionsPlanned} />
          </FigureCard>
        </Col>
        <Col {...cardCol}>
          <Card size="small" style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('cockpit.lights')}</Typography.Text>
            <Row gutter={8} style={{ marginTop: 4 }}>
              {(['red', 'yellow', 'green'] as const).map((color) => (
                <Col span={8} key={color}>
                  <Flex vertical gap={0}>
                    <Typography.Text style={{ fontSize: 12, color: lightColors[color] }}>
                      {t(`cockpit.light.${color}`)}
                    </Typography.Text>
                    <FigureValue spec={specs[color]} size={24} showUnit={false} color={lightColors[color]} />
                    {lightsNote ? null : (
                      <>
                        <ChangeLine spec={specs[color]} which="month" compact />
                        <ChangeLine spec={specs[color]} which="year" compact />
                      </>
                    )}
                  </Flex>
                </Col>
              ))}
            </Row>
            {lightsNote ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
                {t('cockpit.lightsNoComparison', { reason: pick(lightsNote) })}
              </Typography.Paragraph>
            ) : null}
            {c.lights.none.value ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('cockpit.lightsNone', { count: c.lights.none.value })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col {...cardCol}>
          <FigureCard
            title={t('cockpit.overdueItems')}
            hint={t('cockpit.overdueHint')}
            spec={specs.overdueItems}
          />
        </Col>
        <Col {...cardCol}>
          <FigureCard
            title={t('cockpit.reportRate', { month: c.reportSubmission.month })}
            hint={t('cockpit.reportRateHint')}
            spec={specs.reportRate}
          >
            <SubFigure label={t('cockpit.reportExpected')} spec={specs.reportExpected} />
            <SubFigure label={t('cockpit.reportSubmitted')} spec={specs.reportSubmitted} />
          </FigureCard>
        </Col>
        <Col {...cardCol}>
          <SigningCard note={pick(c.signingNote)} />
        </Col>
      </Row>

      <Card size="small" title={t('cockpit.stages')} style={{ marginBottom: 16 }}>
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(104px, 1fr))', gap: 8 }}
        >
          {c.stages.map((stage) => (
            <Flex key={stage.stage} vertical gap={2} style={{ padding: '4px 0' }}>
              <span>
                <StageTag stage={stage.stage} />
              </span>
              <FigureValue spec={stageSpec(stage)} size={22} />
              <ChangeLine spec={stageSpec(stage)} which="month" compact />
              <ChangeLine spec={stageSpec(stage)} which="year" compact />
            </Flex>
          ))}
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card size="small" title={t('cockpit.trend', { year: c.trend.year })}>
            {c.projectCount === 0 ? (
              <Empty description={t('cockpit.noProjects')} />
            ) : (
              <EChart option={trend} height={360} ariaLabel={t('cockpit.trend', { year: c.trend.year })} />
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('cockpit.trendNote')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={24}>
          <RankingCard cockpit={c} />
        </Col>
      </Row>
    </>
  );
}

/** 签约: a place kept for the attraction module's figures; no number until that module exists. */
function SigningCard({ note }: { note: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ height: '100%', borderStyle: 'dashed' }} data-testid="signing-placeholder">
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('cockpit.signing')}</Typography.Text>
        <Tag>{t('cockpit.notBuilt')}</Tag>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
        {note}
      </Typography.Paragraph>
    </Card>
  );
}
