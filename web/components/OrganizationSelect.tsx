import { Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OrganizationType } from '#domain/codelists.ts';
import { api } from '../api/client.ts';
import { useT } from '../i18n/i18n-context.tsx';

export type OrganizationOption = { value: string; label: string };

type CommonProps = {
  id?: string;
  type?: OrganizationType;
  /** Names already known for the current value (e.g. `ownerOrgName` of a project), shown before any load. */
  knownOptions?: readonly OrganizationOption[];
  placeholder?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
};
type Props = CommonProps &
  (
    | { multiple: true; value?: string[]; onChange?: (value: string[]) => void }
    | { multiple?: false; value?: string | null; onChange?: (value: string | null) => void }
  );

/**
 * Picks organisations by name. The first 500 load at once (enough for a science city's departments and
 * project owners); typing searches on the server. Selected ids the lists have not shown yet are looked up one
 * by one so a shared URL still shows names.
 */
export function OrganizationSelect(props: Props) {
  const { id, type, knownOptions, placeholder, disabled, style } = props;
  const t = useT();
  const names = useRef(new Map<string, string>());
  const [options, setOptions] = useState<OrganizationOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [, setNamesVersion] = useState(0);

  for (const o of knownOptions ?? []) if (!names.current.has(o.value)) names.current.set(o.value, o.label);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () => {
        setLoading(true);
        api.organizations
          .list({ type: type ? [type] : undefined, q: search || undefined, pageSize: 500 })
          .then(
            (page) => {
              if (!current) return;
              for (const o of page.items) names.current.set(o.id, o.name);
              setOptions(page.items.map((o) => ({ value: o.id, label: o.name })));
              setFailed(undefined);
              setLoading(false);
            },
            (error: unknown) => {
              if (!current) return;
              setFailed(error instanceof Error ? error.message : String(error));
              setLoading(false);
            },
          );
      },
      search ? 300 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [type, search]);

  const selectedIds = useMemo(
    () => (Array.isArray(props.value) ? props.value : props.value ? [props.value] : []),
    [props.value],
  );

  useEffect(() => {
    if (failed) return;
    const unknown = selectedIds.filter((sid) => !names.current.has(sid));
    if (unknown.length === 0 || loading) return;
    let current = true;
    Promise.allSettled(unknown.map((sid) => api.organizations.get(sid))).then((results) => {
      if (!current) return;
      for (const r of results) if (r.status === 'fulfilled') names.current.set(r.value.id, r.value.name);
      setNamesVersion((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [selectedIds, loading, failed]);

  // The selected values must always be among the options, or antd shows their raw ids.
  const merged = [...options];
  for (const sid of selectedIds) {
    if (!merged.some((o) => o.value === sid))
      merged.push({ value: sid, label: names.current.get(sid) ?? sid });
  }

  return (
    <Select<string | string[] | null>
      id={id}
      mode={props.multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      options={merged}
      loading={loading}
      disabled={disabled}
      placeholder={placeholder}
      style={style}
      maxTagCount="responsive"
      notFoundContent={failed ? t('common.orgListUnavailable') : undefined}
      value={props.multiple ? (props.value ?? []) : (props.value ?? null)}
      onChange={(value) => {
        if (props.multiple) props.onChange?.(Array.isArray(value) ? value : []);
        else props.onChange?.(typeof value === 'string' ? value : null);
      }}
    />
  );
}
