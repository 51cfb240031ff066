import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet } from 'react-router-dom';
import type { Permission } from '#domain/permissions.ts';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { PageFallback } from './components/PageFallback.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { landsOnCockpit } from './lib/landing.ts';

// One chunk per page: a user who only reads projects never downloads the admin pages.
const LoginPage = lazy(() => import('./pages/auth/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() =>
  import('./pages/auth/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })),
);
const HomePage = lazy(() => import('./pages/home/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const ProjectListPage = lazy(() =>
  import('./pages/projects/ProjectListPage.tsx').then((m) => ({ default: m.ProjectListPage })),
);
const ProjectDetailPage = lazy(() =>
  import('./pages/projects/ProjectDetailPage.tsx').then((m) => ({ default: m.ProjectDetailPage })),
);
const ProjectFormPage = lazy(() =>
  import('./pages/projects/ProjectFormPage.tsx').then((m) => ({ default: m.ProjectFormPage })),
);
const RecycleBinPage = lazy(() =>
  import('./pages/projects/RecycleBinPage.tsx').then((m) => ({ default: m.RecycleBinPage })),
);
const UsersPage = lazy(() => import('./pages/admin/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('./pages/admin/RolesPage.tsx').then((m) => ({ default: m.RolesPage })));
const OrganizationsPage = lazy(() =>
  import('./pages/admin/OrganizationsPage.tsx').then((m) => ({ default: m.OrganizationsPage })),
);
const AuditLogPage = lazy(() =>
  import('./pages/admin/AuditLogPage.tsx').then((m) => ({ default: m.AuditLogPage })),
);
const StageTemplatesPage = lazy(() =>
  import('./pages/admin/StageTemplatesPage.tsx').then((m) => ({ default: m.StageTemplatesPage })),
);
const ReportFormPage = lazy(() =>
  import('./pages/reports/ReportFormPage.tsx').then((m) => ({ default: m.ReportFormPage })),
);
const MissingReportsPage = lazy(() =>
  import('./pages/reports/MissingReportsPage.tsx').then((m) => ({ default: m.MissingReportsPage })),
);
const WarningListPage = lazy(() =>
  import('./pages/warnings/WarningListPage.tsx').then((m) => ({ default: m.WarningListPage })),
);
const CoordinationListPage = lazy(() =>
  import('./pages/coordination/CoordinationListPage.tsx').then((m) => ({ default: m.CoordinationListPage })),
);
const CoordinationItemPage = lazy(() =>
  import('./pages/coordination/CoordinationItemPage.tsx').then((m) => ({ default: m.CoordinationItemPage })),
);
const NotificationsPage = lazy(() =>
  import('./pages/notifications/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const WarningSettingsPage = lazy(() =>
  import('./pages/admin/WarningSettingsPage.tsx').then((m) => ({ default: m.WarningSettingsPage })),
);
const ReminderSettingsPage = lazy(() =>
  import('./pages/admin/ReminderSettingsPage.tsx').then((m) => ({ default: m.ReminderSettingsPage })),
);
const CalendarPage = lazy(() =>
  import('./pages/admin/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })),
);
const ChiefWorkspacePage = lazy(() =>
  import('./pages/inspections/ChiefWorkspacePage.tsx').then((m) => ({ default: m.ChiefWorkspacePage })),
);
const ChiefTeamsPage = lazy(() =>
  import('./pages/inspections/ChiefTeamsPage.tsx').then((m) => ({ default: m.ChiefTeamsPage })),
);
const MissingInspectionsPage = lazy(() =>
  import('./pages/inspections/MissingInspectionsPage.tsx').then((m) => ({
    default: m.MissingInspectionsPage,
  })),
);
const ChiefsComparisonPage = lazy(() =>
  import('./pages/inspections/ChiefsComparisonPage.tsx').then((m) => ({ default: m.ChiefsComparisonPage })),
);
const BulletinsPage = lazy(() =>
  import('./pages/bulletins/BulletinsPage.tsx').then((m) => ({ default: m.BulletinsPage })),
);
const FieldReviewListPage = lazy(() =>
  import('./pages/field-reviews/FieldReviewListPage.tsx').then((m) => ({ default: m.FieldReviewListPage })),
);
const FieldReviewPage = lazy(() =>
  import('./pages/field-reviews/FieldReviewPage.tsx').then((m) => ({ default: m.FieldReviewPage })),
);
const DispatchMeetingListPage = lazy(() =>
  import('./pages/dispatch-meetings/DispatchMeetingListPage.tsx').then((m) => ({
    default: m.DispatchMeetingListPage,
  })),
);
const DispatchMeetingPage = lazy(() =>
  import('./pages/dispatch-meetings/DispatchMeetingPage.tsx').then((m) => ({
    default: m.DispatchMeetingPage,
  })),
);
const DispatchActionListPage = lazy(() =>
  import('./pages/dispatch-meetings/DispatchActionListPage.tsx').then((m) => ({
    default: m.DispatchActionListPage,
  })),
);
const ProjectMapPage = lazy(() =>
  import('./pages/map/ProjectMapPage.tsx').then((m) => ({ default: m.ProjectMapPage })),
);
const TimelinePage = lazy(() =>
  import('./pages/timeline/TimelinePage.tsx').then((m) => ({ default: m.TimelinePage })),
);
const MapSettingsPage = lazy(() =>
  import('./pages/admin/MapSettingsPage.tsx').then((m) => ({ default: m.MapSettingsPage })),
);
const CockpitPage = lazy(() =>
  import('./pages/cockpit/CockpitPage.tsx').then((m) => ({ default: m.CockpitPage })),
);
const CockpitScreenPage = lazy(() =>
  import('./pages/cockpit/CockpitScreenPage.tsx').then((m) => ({ default: m.CockpitScreenPage })),
);
const AnalysisPage = lazy(() =>
  import('./pages/analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })),
);
const AnalysisSettingsPage = lazy(() =>
  import('./pages/analysis/AnalysisSettingsPage.tsx').then((m) => ({ default: m.AnalysisSettingsPage })),
);
const NotFoundPage = lazy(() =>
  import('./pages/errors/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })),
);

function guarded(anyOf: readonly Permission[], page: ReactNode) {
  return <RequirePermission anyOf={anyOf}>{page}</RequirePermission>;
}

/** Where "/" goes for users who do not work with projects (an auditor lands on the audit log). */
const startPages: readonly [Permission, string][] = [
  ['audit.read', '/admin/audit'],
  ['user.manage', '/admin/users'],
  ['organization.read', '/admin/organizations'],
  ['role.manage', '/admin/roles'],
  ['stage_template.manage', '/admin/stage-templates'],
  ['warning.configure', '/admin/warning-settings'],
  ['calendar.manage', '/admin/calendar'],
  ['notification.configure', '/admin/reminder-settings'],
  ['map.configure', '/admin/map-settings'],
  ['analysis.configure', '/admin/analysis-settings'],
];

function StartPage() {
  const { me, can } = useAuth();
  if (landsOnCockpit(me, can)) return <Navigate to="/cockpit" replace />;
  if (can('project.read')) return <HomePage />;
  const start = startPages.find(([permission]) => can(permission));
  return start ? <Navigate to={start[1]} replace /> : guarded(['project.read'], <HomePage />);
}

/** The auth context needs the router (it navigates), so it sits in the root route. */
function RootRoute() {
  return (
    <AuthProvider>
      <Suspense fallback={<PageFallback />}>
        <Outlet />
      </Suspense>
    </AuthProvider>
  );
}

export const router = createBrowserRouter([
  {
    element: <RootRoute />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        // 大屏: the command room's screen, without the app's menu and header.
        path: '/cockpit/screen',
        element: <RequireAuth>{guarded(['cockpit.read'], <CockpitScreenPage />)}</RequireAuth>,
      },
      {
        path: '/change-password',
        element: (
          <RequireAuth passwordChangePage>
            <ChangePasswordPage />
          </RequireAuth>
        ),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <StartPage /> },
          { path: 'projects', element: guarded(['project.read'], <ProjectListPage />) },
          { path: 'projects/new', element: guarded(['project.create'], <ProjectFormPage />) },
          { path: 'projects/recycle-bin', element: guarded(['project.restore'], <RecycleBinPage />) },
          { path: 'projects/:id', element: guarded(['project.read'], <ProjectDetailPage />) },
          { path: 'projects/:id/edit', element: guarded(['project.update'], <ProjectFormPage />) },
          { path: 'map', element: guarded(['project.read'], <ProjectMapPage />) },
          { path: 'timeline', element: guarded(['project.read'], <TimelinePage />) },
          { path: 'projects/:id/reports/new', element: guarded(['report.submit'], <ReportFormPage />) },
          { path: 'reports/missing', element: guarded(['project.read'], <MissingReportsPage />) },
          { path: 'warnings', element: guarded(['warning.read'], <WarningListPage />) },
          { path: 'coordination', element: guarded(['project.read'], <CoordinationListPage />) },
          { path: 'coordination/:id', element: guarded(['project.read'], <CoordinationItemPage />) },
          { path: 'chief', element: guarded(['inspection.record'], <ChiefWorkspacePage />) },
          { path: 'chief/teams', element: guarded(['chief.assign'], <ChiefTeamsPage />) },
          {
            path: 'chief/missing-inspections',
            element: guarded(['project.read'], <MissingInspectionsPage />),
          },
          { path: 'chief/comparison', element: guarded(['project.scope.all'], <ChiefsComparisonPage />) },
          { path: 'field-reviews', element: guarded(['project.read'], <FieldReviewListPage />) },
          { path: 'field-reviews/:id', element: guarded(['project.read'], <FieldReviewPage />) },
          { path: 'dispatch-meetings', element: guarded(['dispatch.read'], <DispatchMeetingListPage />) },
          { path: 'dispatch-meetings/:id', element: guarded(['dispatch.read'], <DispatchMeetingPage />) },
          {
            path: 'dispatch-actions',
            element: guarded(['dispatch.action.update'], <DispatchActionListPage />),
          },
          { path: 'bulletins', element: guarded(['bulletin.read', 'bulletin.generate'], <BulletinsPage />) },
          { path: 'notifications', element: <NotificationsPage /> },
          { path: 'admin/users', element: guarded(['user.manage'], <UsersPage />) },
          { path: 'admin/roles', element: guarded(['role.manage'], <RolesPage />) },
          { path: 'admin/organizations', element: guarded(['organization.read'], <OrganizationsPage />) },
          { path: 'admin/audit', element: guarded(['audit.read'], <AuditLogPage />) },
          {
            path: 'admin/stage-templates',
            element: guarded(['stage_template.manage'], <StageTemplatesPage />),
          },
          {
            path: 'admin/warning-settings',
            element: guarded(['warning.configure'], <WarningSettingsPage />),
          },
          { path: 'admin/calendar', element: guarded(['calendar.manage'], <CalendarPage />) },
          {
            path: 'admin/reminder-settings',
            element: guarded(['notification.configure'], <ReminderSettingsPage />),
          },
          { path: 'admin/map-settings', element: guarded(['map.configure'], <MapSettingsPage />) },
          { path: 'cockpit', element: guarded(['cockpit.read'], <CockpitPage />) },
          { path: 'analysis', element: guarded(['analysis.read'], <AnalysisPage />) },
          {
            path: 'admin/analysis-settings',
            element: guarded(['analysis.configure'], <AnalysisSettingsPage />),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
