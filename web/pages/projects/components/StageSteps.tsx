import { MinusCircleOutlined } from '@ant-design/icons';
import { ConfigProvider, Flex, Grid, Steps, type StepsProps, Tag, Typography } from 'antd';
import { labelOf, lifecycleStages } from '#domain/codelists.ts';
import type { ProjectLifecycle } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

type Step = ProjectLifecycle['steps'][number];

const statusOf: Record<Step['status'], NonNullable<StepsProps['status']>> = {
  done: 'finish',
  current: 'process',
  pending: 'wait',
  skipped: 'wait',
};

/**
 * Room for a stage name and a date range wrapped in two lines: nine stages fit a 1366-pixel screen; below that
 * the stepper scrolls sideways instead of squeezing. antd centres each label in `descriptionMaxWidth`.
 */
const STEP_MIN_WIDTH = 116;
const stepsTheme = { components: { Steps: { descriptionMaxWidth: STEP_MIN_WIDTH - 4 } } };

function range(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  if (!end) return `${start} ~`;
  if (!start) return `~ ${end}`;
  return `${start} ~ ${end}`;
}

/**
 * The template's chain as a stepper: horizontal on a desktop (labels under the icons), vertical on a phone.
 * Each stage shows its planned and actual dates; the current one is highlighted, skipped ones are marked.
 */
export function StageSteps({ lifecycle }: { lifecycle: ProjectLifecycle }) {
  const { t, pick, locale } = useI18n();
  const screens = Grid.useBreakpoint();
  const vertical = screens.md === false;
  const currentIndex = lifecycle.steps.findIndex((s) => s.status === 'current');

  const items: StepsProps['items'] = lifecycle.steps.map((s) => ({
    status: statusOf[s.status],
    icon: s.status === 'skipped' ? <MinusCircleOutlined aria-hidden /> : undefined,
    title: (
      <span aria-current={s.status === 'current' ? 'step' : undefined} data-stage={s.code}>
        {pick(s.label)}
      </span>
    ),
    description: (
      <Flex vertical gap={2} style={{ fontSize: 12, paddingBottom: vertical ? 8 : 0 }}>
        <Flex gap={4} wrap justify={vertical ? 'start' : 'center'}>
          {s.status === 'current' ? (
            <Tag color="processing" bordered={false} style={{ marginInlineEnd: 0 }}>
              {t('lifecycle.current')}
            </Tag>
          ) : null}
          {s.status === 'skipped' ? (
            <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
              {t('lifecycle.skipped')}
            </Tag>
          ) : null}
          {s.required ? null : (
            <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
              {t('lifecycle.optional')}
            </Tag>
          )}
        </Flex>
        {s.mergedWith.length > 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('lifecycle.mergedOf', {
              stages: [s.code, ...s.mergedWith]
                .map((c) => labelOf(lifecycleStages.list, c, locale))
                .join(t('common.listSeparator')),
            })}
          </Typography.Text>
        ) : null}
        <span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('lifecycle.planned')}
          </Typography.Text>{' '}
          {range(s.plannedStart, s.plannedEnd)}
        </span>
        <span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('lifecycle.actual')}
          </Typography.Text>{' '}
          {range(s.actualStart, s.actualEnd)}
        </span>
      </Flex>
    ),
  }));

  return (
    <div style={{ overflowX: vertical ? undefined : 'auto', paddingBottom: 4 }}>
      <ConfigProvider theme={stepsTheme}>
        <Steps
          size="small"
          direction={vertical ? 'vertical' : 'horizontal'}
          labelPlacement={vertical ? 'horizontal' : 'vertical'}
          responsive={false}
          current={currentIndex === -1 ? 0 : currentIndex}
          items={items}
          style={vertical ? undefined : { minWidth: lifecycle.steps.length * STEP_MIN_WIDTH }}
        />
      </ConfigProvider>
    </div>
  );
}
