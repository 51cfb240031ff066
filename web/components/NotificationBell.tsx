import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Popover, Tag, Typography, theme } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, type Notification, type NotificationPage } from '../api/client.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { formatDateTime } from '../lib/format.ts';
import { notificationKindColors, notificationKindLabels } from './notification-kinds.ts';

const POLL_MS = 60_000;
const SHOWN = 8;

/** The inbox in the header: a bell with the unread count, opening the latest notifications. */
export function NotificationBell() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<NotificationPage | undefined>(undefined);
  const [open, setOpen] = useState(false);

  const load = useCallback(() => {
    api.notifications.list({ pageSize: SHOWN }).then(setPage, () => undefined);
  }, []);

  // Refreshed on every page change and once a minute: a new assignment shows without a reload.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input.
  useEffect(() => {
    load();
  }, [load, location.pathname]);
  useEffect(() => {
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const unread = page?.unread ?? 0;

  const openOne = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      try {
        await api.notifications.markRead(n.id);
      } catch {
        // Reading it matters more than the mark; the next refresh shows it unread again.
      }
      load();
    }
    if (n.link) navigate(n.link);
  };

  const readAll = async () => {
    try {
      await api.notifications.readAll();
      load();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const content = (
    <Flex vertical style={{ width: Math.min(360, window.innerWidth - 32) }}>
      {page && page.items.length > 0 ? (
        <Flex
          vertical
          role="list"
          aria-label={t('inbox.title')}
          style={{ maxHeight: 420, overflowY: 'auto' }}
        >
          {page.items.map((n) => (
            <NotificationRow key={n.id} notification={n} onOpen={() => void openOne(n)} />
          ))}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      )}
      <Flex justify="space-between" style={{ marginTop: 8 }}>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void readAll()}>
          {t('inbox.readAll')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('inbox.viewAll')}
        </Button>
      </Flex>
    </Flex>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) load();
      }}
      title={t('inbox.title')}
      content={content}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined aria-hidden />}
          aria-label={unread ? t('inbox.bellUnread', { count: unread }) : t('inbox.bell')}
        />
      </Badge>
    </Popover>
  );
}

/** One notification: its kind, title, body and time; unread ones are marked. */
export function NotificationRow({
  notification: n,
  onOpen,
}: {
  notification: Notification;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const kind = notificationKindLabels[n.kind];
  return (
    <Flex role="listitem">
      <button
        type="button"
        onClick={onOpen}
        style={{
          all: 'unset',
          cursor: 'pointer',
          display: 'block',
          width: '100%',
          padding: '8px 4px',
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Flex gap={8} align="flex-start">
          <span
            role="img"
            aria-label={n.readAt ? t('inbox.read') : t('inbox.unread')}
            style={{
              width: 8,
              height: 8,
              marginTop: 7,
              borderRadius: '50%',
              flex: 'none',
              background: n.readAt ? 'transparent' : token.colorPrimary,
            }}
          />
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Flex gap={6} align="center" wrap>
              {kind ? (
                <Tag color={notificationKindColors[n.kind]} bordered={false} style={{ marginInlineEnd: 0 }}>
                  {t(kind)}
                </Tag>
              ) : null}
              <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
            </Flex>
            {n.body ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: n.body }}>
                {n.body}
              </Typography.Text>
            ) : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(n.createdAt)}
            </Typography.Text>
          </Flex>
        </Flex>
      </button>
    </Flex>
  );
}
