/**
 * Permission strings. Roles and their permissions are rows in the database (seeded by migration); this list
 * is the vocabulary that routes declare and the web app uses to show or hide actions.
 */
export const permissions = [
  'project.read',
  'project.create',
  'project.update',
  'project.delete',
  'project.restore',
  'project.export',
  'project.import',
  /** Read every project, not only those of the user's organisation, department or chiefship. */
  'project.scope.all',
  'organization.read',
  'organization.manage',
  'organization.override_credit_code',
  'user.read',
  'user.manage',
  'role.manage',
  'audit.read',
  'reference.read',
  /** Issue #3: lifecycle, plans, monthly reports, coordination, warnings, calendar. */
  'project.stage.move',
  'project.event.record',
  'stage_template.manage',
  'plan.manage',
  'plan.baseline',
  'report.submit',
  'report.review',
  'coordination.raise',
  'coordination.handle',
  'warning.read',
  'warning.judge',
  'warning.configure',
  'calendar.manage',
  /** Issue #4, 一季一拉练: set up, change and close a quarterly field review tour, and amend its scores. */
  'field_review.organise',
  /** Issue #4: may be chosen as a scorer of a field review tour, and scores where chosen. */
  'field_review.score',
  /**
   * Issue #4, 一月一督查: record a project's monthly inspection and follow up its tasks. The service narrows it to
   * the project's chief, deputies and liaisons, and leaders (project.scope.all).
   */
  'inspection.record',
  /** Issue #4: assign a project's chief, deputies and liaison staff. */
  'chief.assign',
  /** Issue #4, 双月一调度: see dispatch meetings and their records (a chief: only his projects' agenda items). */
  'dispatch.read',
  /** Issue #4: schedule dispatch meetings, edit the agenda, record attendance, minutes and decisions. */
  'dispatch.organise',
  /** Issue #4: report progress on the dispatch actions (议定事项) assigned to one's own organisation. */
  'dispatch.action.update',
  /** Issue #4: reminder lead times and the group-chat robot webhook (企业微信 / 钉钉). */
  'notification.configure',
  /**
   * Issue #4, 通报: generate (and regenerate) the monthly bulletin and set its masthead. The bulletin covers the
   * whole zone, so the service also requires project.scope.all.
   */
  'bulletin.generate',
  /** Issue #4: read and download the bulletins generated so far (a bulletin is addressed to leaders and chiefs). */
  'bulletin.read',
  /** Issue #5, 项目一张图: the base map (a tile service or the offline district outlines). */
  'map.configure',
  /** Issue #5, 建设时间轴: record, correct and remove the zone's milestones (集中开工, openings, completions…). */
  'timeline.manage',
  /** Issue #5, 领导驾驶舱: the cockpit's figures, over the projects in the reader's data scope. */
  'cockpit.read',
  /** Issue #5, 投资结构分析: the pivot over projects and their investment (its export also needs project.export). */
  'analysis.read',
  /** Issue #5: the analysis settings (investment size bands). */
  'analysis.configure',
] as const;
export type Permission = (typeof permissions)[number];

export const roleCodes = [
  'admin',
  'auditor',
  'leader',
  'project_chief',
  'chain_chief',
  'department',
  'investment',
  'project_owner',
] as const;
export type RoleCode = (typeof roleCodes)[number];
