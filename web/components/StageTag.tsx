import { Tag } from 'antd';
import { type LifecycleStage, labelOf, lifecycleStages } from '#domain/codelists.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const stageColors: Record<LifecycleStage, string> = {
  planning: 'default',
  signed: 'cyan',
  site_selection: 'geekblue',
  land_planning_permit: 'blue',
  engineering_permit: 'blue',
  construction_permit: 'purple',
  under_construction: 'orange',
  completion_acceptance: 'gold',
  in_operation: 'green',
};

export function StageTag({ stage }: { stage: LifecycleStage }) {
  const { locale } = useI18n();
  return (
    <Tag color={stageColors[stage]} bordered={false}>
      {labelOf(lifecycleStages.list, stage, locale)}
    </Tag>
  );
}
