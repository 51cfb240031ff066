import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { defaultProjectColumns, type ProjectColumnKey, projectColumnKeys } from '../project-columns.tsx';

const STORAGE_KEY = 'gj.projectList.columns';

/** The chosen columns from localStorage, in the ledger's own order; unknown keys from older versions drop out. */
export function readStoredColumns(): ProjectColumnKey[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return [...defaultProjectColumns];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [...defaultProjectColumns];
    const chosen = projectColumnKeys.filter((k) => parsed.includes(k));
    return chosen.includes('name') ? chosen : ['name', ...chosen];
  } catch {
    return [...defaultProjectColumns];
  }
}

export function storeColumns(columns: readonly ProjectColumnKey[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

type Props = {
  titles: Record<ProjectColumnKey, string>;
  value: readonly ProjectColumnKey[];
  onChange: (columns: ProjectColumnKey[]) => void;
};

export function ColumnChooser({ titles, value, onChange }: Props) {
  const { t } = useI18n();
  const content = (
    <Flex vertical gap={4} style={{ maxHeight: 360, overflowY: 'auto', minWidth: 200 }}>
      {projectColumnKeys.map((key) => (
        <Checkbox
          key={key}
          checked={value.includes(key)}
          // The name links to the project: it stays.
          disabled={key === 'name'}
          onChange={(e) =>
            onChange(projectColumnKeys.filter((k) => (k === key ? e.target.checked : value.includes(k))))
          }
        >
          {titles[key]}
        </Checkbox>
      ))}
      <Button
        size="small"
        type="link"
        onClick={() => onChange([...defaultProjectColumns])}
        style={{ alignSelf: 'start', padding: 0 }}
      >
        {t('projects.columnsReset')}
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t('projects.columns')}>
      <Button icon={<SettingOutlined aria-hidden />}>{t('projects.columns')}</Button>
    </Popover>
  );
}
