import { Flex, theme } from 'antd';
import { type WarningColor, warningColorLabels } from '#domain/warning-presets.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The token colour of a light, so every page paints red, yellow and green alike. */
export function useLightColors(): Record<WarningColor, string> {
  const { token } = theme.useToken();
  return { red: token.colorError, yellow: token.colorWarning, green: token.colorSuccess };
}

/**
 * A warning light as a coloured badge with its name (红灯 / 黄灯 / 绿灯): the word is always there, so the colour
 * is never the only carrier of the meaning.
 */
export function WarningLight({
  color,
  size = 'default',
}: {
  color: WarningColor;
  size?: 'default' | 'large';
}) {
  const { pick } = useI18n();
  const colors = useLightColors();
  const dot = size === 'large' ? 18 : 10;
  return (
    <Flex
      component="span"
      align="center"
      gap={6}
      data-light={color}
      style={{
        display: 'inline-flex',
        padding: size === 'large' ? '4px 12px' : '0 8px',
        borderRadius: 999,
        border: `1px solid ${colors[color]}`,
        background: `color-mix(in srgb, ${colors[color]} 12%, transparent)`,
        fontSize: size === 'large' ? 16 : 12,
        lineHeight: size === 'large' ? '24px' : '20px',
        fontWeight: size === 'large' ? 600 : undefined,
        whiteSpace: 'nowrap',
      }}
    >
      <span
        aria-hidden
        style={{ width: dot, height: dot, borderRadius: '50%', background: colors[color], flex: 'none' }}
      />
      {pick(warningColorLabels[color])}
    </Flex>
  );
}

/** A small dot for one reason's colour, labelled for screen readers. */
export function LightDot({ color }: { color: WarningColor }) {
  const { pick } = useI18n();
  const colors = useLightColors();
  return (
    <span
      role="img"
      aria-label={pick(warningColorLabels[color])}
      style={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: '50%',
        background: colors[color],
        flex: 'none',
        marginTop: 7,
      }}
    />
  );
}
