import { builtInPresets } from '#domain/warning-presets.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

/** The name of the preset a light was computed with: a built-in one by its name, the custom one as such. */
export function usePresetName(): (code: string) => string {
  const { t, pick } = useI18n();
  return (code) => {
    const preset = builtInPresets[code as keyof typeof builtInPresets];
    if (preset) return pick(preset.name);
    return code === 'custom' ? t('warnings.customPreset') : code;
  };
}
