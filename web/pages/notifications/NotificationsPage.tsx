import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Pagination, Segmented } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, type Notification } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { NotificationRow } from '../../components/NotificationBell.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';

const PAGE_SIZE = 20;

/** /notifications — the whole inbox, unread first; opening one marks it read and follows its link. */
export function NotificationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, loading, reload } = useAsync(
    () => api.notifications.list({ page, pageSize: PAGE_SIZE, unread: unreadOnly ? true : undefined }),
    [page, unreadOnly],
  );

  const update = (patch: { unread?: boolean; page?: number }) => {
    const next = new URLSearchParams();
    const unread = patch.unread ?? unreadOnly;
    if (unread) next.set('unread', 'true');
    const p = patch.page ?? 1;
    if (p > 1) next.set('page', String(p));
    setParams(next);
  };

  const open = async (n: Notification) => {
    if (!n.readAt) {
      try {
        await api.notifications.markRead(n.id);
      } catch {
        // The link matters more than the mark.
      }
    }
    if (n.link) navigate(n.link);
    else reload();
  };

  const readAll = async () => {
    try {
      const { updated } = await api.notifications.readAll();
      message.success(t('inbox.markedRead', { count: updated }));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        extra={
          <Button
            icon={<CheckOutlined aria-hidden />}
            disabled={!data?.unread}
            onClick={() => void readAll()}
          >
            {t('inbox.readAll')}
          </Button>
        }
      />
      <Segmented
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => update({ unread: v === 'unread' })}
        options={[
          { value: 'all', label: t('common.all') },
          { value: 'unread', label: t('inbox.unreadCount', { count: data?.unread ?? 0 }) },
        ]}
        style={{ marginBottom: 12 }}
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card size="small" loading={loading && !data}>
        {data && data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
        ) : (
          <Flex vertical role="list" aria-label={t('inbox.title')}>
            {data?.items.map((n) => (
              <NotificationRow key={n.id} notification={n} onOpen={() => void open(n)} />
            ))}
          </Flex>
        )}
      </Card>
      {data && data.total > PAGE_SIZE ? (
        <Pagination
          style={{ marginTop: 16 }}
          current={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          showSizeChanger={false}
          onChange={(p) => update({ page: p })}
        />
      ) : null}
    </>
  );
}
