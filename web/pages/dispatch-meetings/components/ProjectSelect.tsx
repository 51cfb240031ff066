import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';

/** A project picked by name, searched on the server within the reader's scope; clearing it means "no project". */
export function ProjectSelect({
  value,
  onChange,
  knownName,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** The current project's name, shown before any search. */
  knownName?: string | null;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const { data, loading } = useAsync(
    () => api.projects.list({ q: debounced || undefined, pageSize: 50 }),
    [debounced],
  );
  const options = (data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (value && knownName && !options.some((o) => o.value === value))
    options.unshift({ value, label: knownName });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      onSearch={setQ}
      loading={loading}
      placeholder={t('dispatch.pickProject')}
      aria-label={t('dispatch.pickProject')}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
