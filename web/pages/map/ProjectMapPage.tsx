import { UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type LifecycleStage, labelOf, lifecycleStages } from '#domain/codelists.ts';
import { MAX_MAP_POINTS, readMapPoints } from '#domain/schemas/map.ts';
import { warningColorLabels } from '#domain/warning-presets.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLightColors } from '../../components/WarningLight.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ProjectFilters } from '../projects/components/ProjectFilters.tsx';
import {
  activeFilterCount,
  type ProjectListState,
  parseProjectListQuery,
  projectFilterSearch,
  projectListDefaults,
} from '../projects/project-list-query.ts';
import { ProjectMap } from './components/ProjectMap.tsx';
import { loadMapSettings } from './map-base.ts';
import { type ColorBy, lightsWorstFirst, NO_LIGHT_COLOR, stageColors } from './map-colors.ts';

const COLOR_BY_KEY = 'gj.map.colorBy';

function storedColorBy(): ColorBy | undefined {
  try {
    const v = localStorage.getItem(COLOR_BY_KEY);
    return v === 'light' || v === 'stage' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * /map — 项目一张图: every project the user may see, as points on a map, with the ledger's filters (the same URL
 * parameters, so the ledger and the map open each other with the same projects), coloured by warning light
 * or stage, clustered where dense; a point opens a card with a link to the project.
 */
export function ProjectMapPage() {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const lightColors = useLightColors();
  const [searchParams, setSearchParams] = useSearchParams();
  const searchKey = searchParams.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string form is the stable identity of the params.
  const state = useMemo(() => parseProjectListQuery(searchParams), [searchKey]);
  const filterSearch = projectFilterSearch(state).toString();
  const mayReadLights = can('warning.read');
  const [colorChoice, setColorChoice] = useState<ColorBy>(
    () => storedColorBy() ?? (mayReadLights ? 'light' : 'stage'),
  );
  const colorBy: ColorBy = mayReadLights ? colorChoice : 'stage';

  const settings = useAsync(loadMapSettings, []);
  const { page: _page, pageSize: _pageSize, sort: _sort, order: _order, ...filters } = state;
  const data = useAsync(() => api.map.points(filters), [filterSearch]);
  const points = useMemo(() => (data.data ? readMapPoints(data.data) : []), [data.data]);

  const changeFilters = (patch: Partial<ProjectListState>, options?: { replace?: boolean }) =>
    setSearchParams(projectFilterSearch({ ...state, ...patch }), { replace: options?.replace });
  const clearFilters = () => setSearchParams(projectFilterSearch(projectListDefaults));
  const ledgerLink = (patch: Partial<ProjectListState> = {}) => {
    const query = projectFilterSearch({ ...state, ...patch }).toString();
    return query ? `/projects?${query}` : '/projects';
  };

  const legend = useMemo(() => {
    if (colorBy === 'light') {
      const counts = new Map<string, number>();
      for (const p of points) counts.set(p.color ?? 'none', (counts.get(p.color ?? 'none') ?? 0) + 1);
      return [
        ...lightsWorstFirst.map((c) => ({
          key: c,
          color: lightColors[c],
          label: pick(warningColorLabels[c]),
        })),
        { key: 'none', color: NO_LIGHT_COLOR, label: t('map.noLight') },
      ].map((item) => ({ ...item, count: counts.get(item.key) ?? 0 }));
    }
    const counts = new Map<string, number>();
    for (const p of points) counts.set(p.stage, (counts.get(p.stage) ?? 0) + 1);
    return lifecycleStages.codes.map((code: LifecycleStage) => ({
      key: code,
      color: stageColors[code],
      label: labelOf(lifecycleStages.list, code, locale),
      count: counts.get(code) ?? 0,
    }));
  }, [colorBy, points, lightColors, pick, t, locale]);

  const map = data.data;
  const filtered = activeFilterCount(state) > 0;

  return (
    <>
      <PageHeader
        title={t('map.title')}
        extra={
          <Button icon={<UnorderedListOutlined aria-hidden />} onClick={() => navigate(ledgerLink())}>
            {t('map.openLedger')}
          </Button>
        }
      />
      <ProjectFilters state={state} onChange={changeFilters} onClear={clearFilters} />
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}

      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space wrap size={[16, 4]}>
          <Typography.Text role="status" data-testid="map-summary">
            {map ? t('map.summary', { shown: map.points.length, total: map.total }) : '\u00a0'}
          </Typography.Text>
          {map && map.withoutLocation > 0 ? (
            <Link to={ledgerLink({ hasLocation: false })}>
              {t('map.withoutLocation', { count: map.withoutLocation })}
            </Link>
          ) : null}
        </Space>
        <Space wrap>
          <Typography.Text type="secondary">{t('map.colorBy')}</Typography.Text>
          <Segmented<ColorBy>
            value={colorBy}
            onChange={(v) => {
              setColorChoice(v);
              try {
                localStorage.setItem(COLOR_BY_KEY, v);
              } catch {
                // Without storage the choice lasts for this page.
              }
            }}
            options={[
              { value: 'light', label: t('map.byLight'), disabled: !mayReadLights },
              { value: 'stage', label: t('map.byStage') },
            ]}
          />
        </Space>
      </Flex>

      {map?.truncated ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('map.truncated', { max: MAX_MAP_POINTS, total: map.total - map.withoutLocation })}
        />
      ) : null}

      <Card size="small" styles={{ body: { padding: 8 } }}>
        <div style={{ position: 'relative', height: 'max(420px, calc(100vh - 330px))' }}>
          {settings.data ? (
            <ProjectMap points={points} colorBy={colorBy} settings={settings.data} />
          ) : settings.error ? null : (
            <PageFallback />
          )}
          {map && map.points.length === 0 && !data.loading ? (
            <Flex
              justify="center"
              align="center"
              style={{ position: 'absolute', inset: 0, zIndex: 500, pointerEvents: 'none' }}
            >
              <Card size="small" style={{ pointerEvents: 'auto', maxWidth: 360 }}>
                <Empty
                  description={map.total === 0 ? t('map.empty') : t('map.noneLocated', { count: map.total })}
                >
                  {map.total > 0 ? (
                    <Link to={ledgerLink({ hasLocation: false })}>{t('map.openUnlocated')}</Link>
                  ) : filtered ? (
                    <Button onClick={clearFilters}>{t('projects.clearFilters')}</Button>
                  ) : null}
                </Empty>
              </Card>
            </Flex>
          ) : null}
        </div>
        <Flex wrap gap={12} style={{ marginTop: 8 }} aria-label={t('map.legend')} role="list">
          {legend.map((item) => (
            <Flex key={item.key} align="center" gap={6} role="listitem">
              <span
                aria-hidden
                style={{ width: 12, height: 12, borderRadius: '50%', background: item.color, flex: 'none' }}
              />
              <Typography.Text type={item.count ? undefined : 'secondary'}>
                {item.label} {item.count}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      </Card>
    </>
  );
}
