import { Button, Descriptions, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ProjectMapPoint } from '#domain/schemas/map.ts';
import { projectFieldLabels } from '#domain/schemas/projects.ts';
import { StageTag } from '../../../components/StageTag.tsx';
import { WarningLight } from '../../../components/WarningLight.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatMoney } from '../../../lib/format.ts';

/** The popup of a point: the project's summary and the way to its page; for a crowded spot, a list. */
export function MapPointCard({ points, total }: { points: readonly ProjectMapPoint[]; total: number }) {
  const { t, pick, locale } = useI18n();
  const [only] = points;
  if (points.length === 1 && only) {
    return (
      <Flex vertical gap={8} data-testid="map-card">
        <Typography.Text strong style={{ fontSize: 15 }}>
          {only.name}
        </Typography.Text>
        <Flex gap={6} wrap align="center">
          <StageTag stage={only.stage} />
          {only.color ? <WarningLight color={only.color} /> : null}
        </Flex>
        <Descriptions
          size="small"
          column={1}
          colon={false}
          styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}
          items={[
            {
              key: 'investment',
              label: pick(projectFieldLabels.totalInvestment),
              children: <span className="gj-money">{formatMoney(only.totalInvestment, locale)}</span>,
            },
            { key: 'owner', label: pick(projectFieldLabels.ownerOrgId), children: only.ownerName },
            {
              key: 'district',
              label: pick(projectFieldLabels.divisionCode),
              children: only.divisionName ?? only.divisionCode,
            },
          ]}
        />
        <Link to={`/projects/${only.id}`}>
          <Button type="primary" size="small">
            {t('map.openProject')}
          </Button>
        </Link>
      </Flex>
    );
  }
  return (
    <Flex vertical gap={6} data-testid="map-card">
      <Typography.Text strong>{t('map.spotTitle', { count: total })}</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 220, overflowY: 'auto' }}>
        {points.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}`}>{p.name}</Link>
          </li>
        ))}
      </ul>
      {total > points.length ? (
        <Typography.Text type="secondary">
          {t('map.spotMore', { count: total - points.length })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
