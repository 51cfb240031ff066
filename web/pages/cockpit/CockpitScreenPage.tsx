import { CompressOutlined, ExpandOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Flex, Space, Spin, Tooltip, theme } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Cockpit, RankingDimension } from '#domain/schemas/analysis.ts';
import { api } from '../../api/client.ts';
import { EChart } from '../../components/EChart.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { asOfFrom } from './as-of.ts';
import { rankingOption, stageOption, trendOption } from './cockpit-charts.ts';
import { ChangeLine, type FigureSpec, FigureValue } from './components/FigureCard.tsx';
import { headlineSpecs, rankingTitles } from './headline.ts';
import './cockpit-screen.css';

const WIDTH = 1920;
const HEIGHT = 1080;
const DEFAULT_REFRESH_SECONDS = 60;
/** Each ranking panel shows one dimension at a time and turns to the next after this long. */
const ROTATE_MS = 15_000;

const screenTheme = {
  algorithm: theme.darkAlgorithm,
  token: { colorPrimary: '#3d8bff', colorSuccess: '#49d37b', colorError: '#ff4d4f', colorWarning: '#fadb14' },
};

/** ?refresh= seconds between reloads: 10 s to an hour, 60 s when absent or not a number. */
export function refreshSeconds(params: URLSearchParams): number {
  const asked = Number(params.get('refresh'));
  if (!Number.isFinite(asked) || asked <= 0) return DEFAULT_REFRESH_SECONDS;
  return Math.min(3600, Math.max(10, Math.round(asked)));
}

/** The canvas's scale and offset so that 1920×1080 fits the window, centred, whatever its shape. */
function useFit() {
  const [size, setSize] = useState({ w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const onResize = () => setSize({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const scale = Math.min(size.w / WIDTH, size.h / HEIGHT);
  return { scale, left: (size.w - WIDTH * scale) / 2, top: (size.h - HEIGHT * scale) / 2 };
}

function useClock() {
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * /cockpit/screen — 大屏 for the command room: the cockpit on a dark 1920×1080 canvas scaled to the screen (no
 * scrollbar, no menu), reloaded every minute (?refresh= seconds), with a clock.
 */
export function CockpitScreenPage() {
  // The page's own chrome-less document: nothing may scroll, whatever the window.
  useEffect(() => {
    const root = document.documentElement;
    const before = root.style.overflow;
    root.style.overflow = 'hidden';
    return () => {
      root.style.overflow = before;
    };
  }, []);
  return (
    <ConfigProvider theme={screenTheme}>
      <Screen />
    </ConfigProvider>
  );
}

function Screen() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const asOf = asOfFrom(params);
  const refresh = refreshSeconds(params);
  const { data, error, reload } = useAsync(() => api.analytics.cockpit({ asOf }), [asOf]);
  const [loadedAt, setLoadedAt] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (data) setLoadedAt(dayjs().format('HH:mm:ss'));
  }, [data]);
  useEffect(() => {
    const timer = setInterval(reload, refresh * 1000);
    return () => clearInterval(timer);
  }, [refresh, reload]);
  const fit = useFit();
  const now = useClock();
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  return (
    <div className="gj-screen" data-testid="cockpit-screen">
      <div
        className="gj-screen-canvas"
        style={{ transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})` }}
      >
        <header className="gj-screen-header">
          <Flex vertical gap={2} style={{ fontSize: 16, color: '#9fb7d9' }}>
            <span>
              {data
                ? t('cockpit.screenAsOf', {
                    asOf: data.asOf,
                    scope: data.scope === 'all' ? t('cockpit.scopeAll') : t('cockpit.scopeOwn'),
                  })
                : '\u00a0'}
            </span>
            <span style={{ fontSize: 13 }}>
              {error
                ? t('cockpit.screenRefreshFailed', { message: error.message })
                : loadedAt
                  ? t('cockpit.screenUpdated', { time: loadedAt, seconds: refresh })
                  : '\u00a0'}
            </span>
          </Flex>
          <h1>{t('cockpit.screenTitle')}</h1>
          <Flex justify="flex-end" align="center" gap={16}>
            <span
              data-testid="screen-clock"
              style={{ fontSize: 22, fontVariantNumeric: 'tabular-nums', color: '#e8f2ff' }}
            >
              {now.format('YYYY-MM-DD HH:mm:ss')} {now.format('dddd')}
            </span>
            <Space size={4}>
              <Tooltip title={fullscreen ? t('cockpit.exitFullscreen') : t('cockpit.fullscreen')}>
                <Button
                  type="text"
                  aria-label={fullscreen ? t('cockpit.exitFullscreen') : t('cockpit.fullscreen')}
                  icon={fullscreen ? <CompressOutlined aria-hidden /> : <ExpandOutlined aria-hidden />}
                  onClick={() =>
                    void (
                      fullscreen ? document.exitFullscreen() : document.documentElement.requestFullscreen()
                    ).catch(() => undefined)
                  }
                />
              </Tooltip>
              <Tooltip title={t('cockpit.exitScreen')}>
                <Button
                  type="text"
                  aria-label={t('cockpit.exitScreen')}
                  icon={<RollbackOutlined aria-hidden />}
                  onClick={() => navigate(asOf ? `/cockpit?asOf=${asOf}` : '/cockpit')}
                />
              </Tooltip>
            </Space>
          </Flex>
        </header>
        {data ? (
          <ScreenBody cockpit={data} />
        ) : (
          <Flex justify="center" align="center" style={{ gridRow: '2 / 4' }}>
            {error ? <span style={{ fontSize: 24 }}>{error.message}</span> : <Spin size="large" />}
          </Flex>
        )}
      </div>
    </div>
  );
}

function Panel({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="gj-screen-panel" data-testid={testId}>
      <h2>{title}</h2>
      <div className="gj-screen-fill">{children}</div>
    </section>
  );
}

function Tile({ label, spec, sub }: { label: string; spec: FigureSpec; sub?: ReactNode }) {
  return (
    <section className="gj-screen-panel gj-screen-tile">
      <span className="gj-screen-label">{label}</span>
      <div style={{ color: '#ffffff', whiteSpace: 'nowrap' }}>
        <FigureValue spec={spec} size={38} link={false} />
      </div>
      <Flex vertical gap={0}>
        {sub ?? (
          <>
            <ChangeLine spec={spec} which="month" compact style={{ fontSize: 15 }} />
            <ChangeLine spec={spec} which="year" compact style={{ fontSize: 15 }} />
          </>
        )}
      </Flex>
    </section>
  );
}

/** Cycles through `count` views every ROTATE_MS. */
function useRotation(count: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), ROTATE_MS);
    return () => clearInterval(timer);
  }, [count]);
  return index;
}

function RankingPanel({ cockpit, dimensions }: { cockpit: Cockpit; dimensions: RankingDimension[] }) {
  const { t, pick, locale } = useI18n();
  const index = useRotation(dimensions.length);
  const dimension = dimensions[index] ?? 'district';
  const option = useMemo(
    () => rankingOption(cockpit.rankings[dimension], pick, t, locale, true),
    [cockpit, dimension, pick, t, locale],
  );
  return (
    <Panel
      title={
        <Flex justify="space-between" align="center">
          <span>{t('cockpit.screenRanking', { dimension: t(rankingTitles[dimension]) })}</span>
          <Space size={6} aria-hidden>
            {dimensions.map((d, i) => (
              <span
                key={d}
                style={{
                  display: 'inline-block',
                  width: 8,
                  height: 8,
                  borderRadius: '50%',
                  background: i === index ? '#7fc3ff' : 'rgba(127,195,255,0.3)',
                }}
              />
            ))}
          </Space>
        </Flex>
      }
    >
      <EChart option={option} theme="dark" height="100%" ariaLabel={t(rankingTitles[dimension])} />
    </Panel>
  );
}

function ScreenBody({ cockpit: c }: { cockpit: Cockpit }) {
  const { t, pick, locale } = useI18n();
  const specs = useMemo(() => headlineSpecs(c), [c]);
  const trend = useMemo(() => trendOption(c, t, locale, true), [c, t, locale]);
  const stages = useMemo(() => stageOption(c, pick, true), [c, pick]);
  const { token } = theme.useToken();
  const lights = [
    { color: 'red', spec: specs.red, paint: token.colorError },
    { color: 'yellow', spec: specs.yellow, paint: token.colorWarning },
    { color: 'green', spec: specs.green, paint: token.colorSuccess },
  ] as const;
  const planned = (label: string, spec: FigureSpec) => (
    <span style={{ fontSize: 15, color: '#9fb7d9' }}>
      {label} <FigureValue spec={spec} size={18} link={false} />
    </span>
  );

  return (
    <>
      <div className="gj-screen-tiles">
        <Tile
          label={t('cockpit.projectCount')}
          spec={specs.projectCount}
          sub={planned(t('cockpit.inPlanShort'), {
            ...specs.projectCount,
            id: 'investment.planCompletion.projectCount',
            figure: { ...specs.projectCount.figure, value: c.investment.planCompletion.projectCount },
          })}
        />
        <Tile label={t('cockpit.totalInvestment')} spec={specs.total} />
        <Tile label={t('cockpit.annualPlan', { year: c.year })} spec={specs.annualPlan} />
        <Tile label={t('cockpit.completedYtdShort')} spec={specs.completedYtd} />
        <Tile label={t('cockpit.annualCompletion')} spec={specs.annualCompletionPct} />
        <Tile label={t('cockpit.scheduleCompletion')} spec={specs.scheduleCompletionPct} />
        <Tile
          label={t('cockpit.starts')}
          spec={specs.startsActual}
          sub={planned(t('cockpit.startsPlanned'), specs.startsPlanned)}
        />
        <Tile
          label={t('cockpit.completions')}
          spec={specs.completionsActual}
          sub={planned(t('cockpit.completionsPlanned'), specs.completionsPlanned)}
        />
      </div>
      <div className="gj-screen-main">
        <div className="gj-screen-column" style={{ gridTemplateRows: '330px minmax(0, 1fr)' }}>
          <Panel title={t('cockpit.screenSupervision')} testId="screen-lights">
            <Flex justify="space-around" style={{ marginTop: 4 }}>
              {lights.map(({ color, spec, paint }) => (
                <Flex key={color} vertical align="center" gap={2}>
                  <Flex align="center" gap={8}>
                    <span
                      aria-hidden
                      style={{
                        width: 16,
                        height: 16,
                        borderRadius: '50%',
                        background: paint,
                        boxShadow: `0 0 10px ${paint}`,
                      }}
                    />
                    <span className="gj-screen-label">{t(`cockpit.light.${color}`)}</span>
                  </Flex>
                  <FigureValue spec={spec} size={48} showUnit={false} color={paint} link={false} />
                  <ChangeLine spec={spec} which="month" compact style={{ fontSize: 14 }} />
                </Flex>
              ))}
            </Flex>
            <Flex justify="space-around" style={{ marginTop: 18 }}>
              <Flex vertical align="center" gap={2}>
                <span className="gj-screen-label">{t('cockpit.overdueItems')}</span>
                <FigureValue spec={specs.overdueItems} size={36} link={false} color={token.colorWarning} />
                <ChangeLine spec={specs.overdueItems} which="month" compact style={{ fontSize: 14 }} />
              </Flex>
              <Flex vertical align="center" gap={2}>
                <span className="gj-screen-label">
                  {t('cockpit.reportRate', { month: c.reportSubmission.month })}
                </span>
                <FigureValue spec={specs.reportRate} size={36} link={false} color="#ffffff" />
                <span style={{ fontSize: 14, color: '#9fb7d9' }}>
                  {t('cockpit.reportCounts', {
                    submitted: c.reportSubmission.submitted.value ?? '—',
                    expected: c.reportSubmission.expected.value ?? '—',
                  })}
                </span>
              </Flex>
            </Flex>
          </Panel>
          <Panel title={t('cockpit.stages')}>
            <EChart option={stages} theme="dark" height="100%" ariaLabel={t('cockpit.stages')} />
          </Panel>
        </div>
        <div className="gj-screen-column" style={{ gridTemplateRows: 'minmax(0, 1fr) 64px' }}>
          <Panel title={t('cockpit.trend', { year: c.trend.year })}>
            <EChart
              option={trend}
              theme="dark"
              height="100%"
              ariaLabel={t('cockpit.trend', { year: c.trend.year })}
            />
          </Panel>
          <section
            className="gj-screen-panel"
            style={{ flexDirection: 'row', alignItems: 'center', gap: 16, borderStyle: 'dashed' }}
          >
            <span style={{ fontSize: 18, color: '#7fc3ff', whiteSpace: 'nowrap' }}>
              {t('cockpit.signing')}
            </span>
            <span style={{ fontSize: 15, color: '#9fb7d9' }}>{pick(c.signingNote)}</span>
          </section>
        </div>
        <div className="gj-screen-column" style={{ gridTemplateRows: 'minmax(0, 1fr) minmax(0, 1fr)' }}>
          <RankingPanel cockpit={c} dimensions={['leadDepartment', 'chief']} />
          <RankingPanel cockpit={c} dimensions={['district', 'leadingIndustry']} />
        </div>
      </div>
    </>
  );
}
