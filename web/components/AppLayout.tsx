import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  DashboardOutlined,
  DeleteOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileExclamationOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  PieChartOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  SlidersOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '#domain/permissions.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { useT } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { landsOnCockpit } from '../lib/landing.ts';
import { DemoTag } from './DemoTag.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { PageFallback } from './PageFallback.tsx';

type MenuLeaf = { path: string; label: MessageKey; icon: ReactNode; anyOf: readonly Permission[] };
type MenuSection =
  | { key: string; label: MessageKey; icon: ReactNode; items: MenuLeaf[] }
  | { key: string; label: MessageKey; icon: ReactNode; comingSoon: true };

/** The modules of the platform, in the order the administration thinks of them; unbuilt ones show greyed. */
const sections: MenuSection[] = [
  {
    key: 'projects',
    label: 'menu.projects',
    icon: <ProjectOutlined />,
    items: [
      { path: '/', label: 'menu.home', icon: <HomeOutlined />, anyOf: ['project.read'] },
      {
        path: '/projects',
        label: 'menu.projectLedger',
        icon: <UnorderedListOutlined />,
        anyOf: ['project.read'],
      },
      { path: '/map', label: 'menu.projectMap', icon: <EnvironmentOutlined />, anyOf: ['project.read'] },
      { path: '/timeline', label: 'menu.timeline', icon: <FieldTimeOutlined />, anyOf: ['project.read'] },
      { path: '/warnings', label: 'menu.warnings', icon: <AlertOutlined />, anyOf: ['warning.read'] },
      {
        path: '/coordination',
        label: 'menu.coordination',
        icon: <SolutionOutlined />,
        anyOf: ['project.read'],
      },
      {
        path: '/reports/missing',
        label: 'menu.missingReports',
        icon: <FileExclamationOutlined />,
        anyOf: ['project.read'],
      },
      {
        path: '/projects/recycle-bin',
        label: 'menu.recycleBin',
        icon: <DeleteOutlined />,
        anyOf: ['project.restore'],
      },
    ],
  },
  {
    key: 'supervision',
    label: 'menu.supervision',
    icon: <ScheduleOutlined />,
    items: [
      {
        path: '/chief',
        label: 'menu.chiefWorkspace',
        icon: <DashboardOutlined />,
        anyOf: ['inspection.record'],
      },
      { path: '/chief/teams', label: 'menu.chiefTeams', icon: <TeamOutlined />, anyOf: ['chief.assign'] },
      {
        path: '/chief/missing-inspections',
        label: 'menu.missingInspections',
        icon: <FileExclamationOutlined />,
        anyOf: ['inspection.record'],
      },
      {
        path: '/chief/comparison',
        label: 'menu.chiefComparison',
        icon: <BarChartOutlined />,
        anyOf: ['chief.assign'],
      },
      {
        path: '/field-reviews',
        label: 'menu.fieldReviews',
        icon: <FlagOutlined />,
        anyOf: ['project.read'],
      },
      {
        path: '/dispatch-meetings',
        label: 'menu.dispatchMeetings',
        icon: <CarryOutOutlined />,
        anyOf: ['dispatch.read'],
      },
      {
        path: '/dispatch-actions',
        label: 'menu.dispatchActions',
        icon: <CheckSquareOutlined />,
        anyOf: ['dispatch.action.update'],
      },
      {
        path: '/bulletins',
        label: 'menu.bulletins',
        icon: <FileTextOutlined />,
        anyOf: ['bulletin.read', 'bulletin.generate'],
      },
    ],
  },
  { key: 'chains', label: 'menu.industrialChains', icon: <NodeIndexOutlined />, comingSoon: true },
  { key: 'investment', label: 'menu.investment', icon: <ShopOutlined />, comingSoon: true },
  { key: 'approvals', label: 'menu.approvals', icon: <SafetyCertificateOutlined />, comingSoon: true },
  { key: 'enterprises', label: 'menu.enterprises', icon: <BankOutlined />, comingSoon: true },
  {
    key: 'analytics',
    label: 'menu.analytics',
    icon: <BarChartOutlined />,
    items: [
      {
        path: '/cockpit',
        label: 'menu.cockpit',
        icon: <FundProjectionScreenOutlined />,
        anyOf: ['cockpit.read'],
      },
      {
        path: '/analysis',
        label: 'menu.analysis',
        icon: <PieChartOutlined />,
        anyOf: ['analysis.read'],
      },
    ],
  },
  {
    key: 'admin',
    label: 'menu.admin',
    icon: <SettingOutlined />,
    items: [
      { path: '/admin/users', label: 'menu.users', icon: <TeamOutlined />, anyOf: ['user.manage'] },
      { path: '/admin/roles', label: 'menu.roles', icon: <KeyOutlined />, anyOf: ['role.manage'] },
      {
        path: '/admin/organizations',
        label: 'menu.organizations',
        icon: <ApartmentOutlined />,
        anyOf: ['organization.read'],
      },
      {
        path: '/admin/stage-templates',
        label: 'menu.stageTemplates',
        icon: <BranchesOutlined />,
        anyOf: ['stage_template.manage'],
      },
      {
        path: '/admin/warning-settings',
        label: 'menu.warningSettings',
        icon: <ControlOutlined />,
        anyOf: ['warning.configure'],
      },
      {
        path: '/admin/calendar',
        label: 'menu.calendar',
        icon: <CalendarOutlined />,
        anyOf: ['calendar.manage'],
      },
      {
        path: '/admin/reminder-settings',
        label: 'menu.reminderSettings',
        icon: <BellOutlined />,
        anyOf: ['notification.configure'],
      },
      {
        path: '/admin/map-settings',
        label: 'menu.mapSettings',
        icon: <EnvironmentOutlined />,
        anyOf: ['map.configure'],
      },
      {
        path: '/admin/analysis-settings',
        label: 'menu.analysisSettings',
        icon: <SlidersOutlined />,
        anyOf: ['analysis.configure'],
      },
      { path: '/admin/audit', label: 'menu.audit', icon: <AuditOutlined />, anyOf: ['audit.read'] },
    ],
  },
];

const leafPaths = sections.flatMap((s) => ('items' in s ? s.items.map((i) => i.path) : []));

/** The menu entry for an address: the longest menu path it starts with (/projects/123 → /projects). */
function selectedPath(pathname: string): string | undefined {
  return leafPaths
    .filter((p) => (p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

export function AppLayout() {
  const t = useT();
  const { me, demoMode, can, signOut } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  // useBreakpoint is empty on the first render: only a measured small screen counts as narrow.
  const isNarrow = screens.lg === false;

  const items = useMemo<MenuProps['items']>(
    () =>
      sections.flatMap((section): NonNullable<MenuProps['items']> => {
        if ('comingSoon' in section) {
          return [
            {
              key: section.key,
              icon: section.icon,
              disabled: true,
              title: t('menu.comingSoonTip'),
              label: (
                <Tooltip title={t('menu.comingSoonTip')} placement="right">
                  <span>{t(section.label)}</span>
                </Tooltip>
              ),
            },
          ];
        }
        const children = section.items
          .filter((item) => item.anyOf.some((p) => can(p)))
          // A leader's start page is the cockpit ("/" leads there), which has its own entry.
          .filter((item) => !(item.path === '/' && landsOnCockpit(me, can)))
          .map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) }));
        if (children.length === 0) return [];
        return [{ key: section.key, icon: section.icon, label: t(section.label), children }];
      }),
    [t, can, me],
  );

  const selected = selectedPath(location.pathname);
  const defaultOpen = sections.filter((s) => 'items' in s).map((s) => s.key);

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
    ],
    onClick: async ({ key }) => {
      if (key === 'password') navigate('/change-password');
      if (key === 'logout') {
        await signOut();
        message.success(t('header.loggedOut'));
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={isNarrow ? 0 : 64}
        collapsible
        // On a phone the header's menu button opens it; antd's own zero-width tab would sit over the content.
        trigger={isNarrow ? null : undefined}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={(broken) => setCollapsed(broken)}
        width={220}
        // Over the content on a phone; on a desktop it stays in view while the page scrolls.
        style={
          isNarrow
            ? { position: 'fixed', height: '100vh', zIndex: 30, left: 0, top: 0, overflowY: 'auto' }
            : { position: 'sticky', height: '100vh', top: 0, overflowY: 'auto' }
        }
      >
        <Flex align="center" gap={8} style={{ height: 56, padding: '0 20px', overflow: 'hidden' }}>
          <FileSearchOutlined style={{ color: '#fff', fontSize: 20 }} aria-hidden />
          {collapsed && !isNarrow ? null : (
            <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={defaultOpen}
          onClick={({ key }) => {
            navigate(key);
            if (isNarrow) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      {isNarrow && !collapsed ? (
        <div
          aria-hidden
          onClick={() => setCollapsed(true)}
          style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.45)', zIndex: 25 }}
        />
      ) : null}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: isNarrow ? '0 12px' : '0 24px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={12} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {isNarrow ? (
                <Button
                  type="text"
                  icon={<MenuOutlined aria-hidden />}
                  aria-label={t('header.openMenu')}
                  onClick={() => setCollapsed(false)}
                />
              ) : null}
              {screens.md ? (
                <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
                  {t('app.title')}
                </Typography.Text>
              ) : null}
              {demoMode ? (
                <Tooltip title={t('app.demoBanner')}>
                  <span>
                    <DemoTag />
                  </span>
                </Tooltip>
              ) : null}
            </Flex>
            <Flex align="center" gap={12}>
              <LanguageSwitch />
              {me ? <NotificationBell /> : null}
              {me ? (
                <Dropdown menu={userMenu} trigger={['click']}>
                  <Button type="text" icon={<UserOutlined aria-hidden />}>
                    <span style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                      {me.displayName}
                    </span>
                    <DownOutlined aria-hidden />
                  </Button>
                </Dropdown>
              ) : null}
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: isNarrow ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
