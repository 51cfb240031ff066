-- Seeded roles and permissions. Roles and grants are data: administrators change grants in the UI.
INSERT INTO permissions (code) VALUES
  ('project.read'), ('project.create'), ('project.update'), ('project.delete'), ('project.restore'),
  ('project.export'), ('project.import'), ('project.scope.all'),
  ('organization.read'), ('organization.manage'), ('organization.override_credit_code'),
  ('user.read'), ('user.manage'), ('role.manage'), ('audit.read'), ('reference.read');

INSERT INTO roles (code, name, name_en, sort) VALUES
  ('admin', '系统管理员', 'System administrator', 1),
  ('auditor', '审计员', 'Auditor', 2),
  ('leader', '管委会领导', 'Leader', 3),
  ('project_chief', '项目长', 'Project chief', 4),
  ('chain_chief', '链长', 'Chain chief', 5),
  ('department', '职能部门', 'Department', 6),
  ('investment', '招商专员', 'Investment promotion', 7),
  ('project_owner', '项目单位', 'Project owner', 8);

-- Separation of duties (三员分立): the administrator manages accounts and reference data but cannot read the
-- audit log; the auditor reads it and nothing else changes.
INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('admin', 'user.read'), ('admin', 'user.manage'), ('admin', 'role.manage'),
  ('admin', 'organization.read'), ('admin', 'organization.manage'), ('admin', 'organization.override_credit_code'),
  ('admin', 'project.read'), ('admin', 'project.scope.all'), ('admin', 'project.restore'), ('admin', 'reference.read'),
  ('auditor', 'audit.read'), ('auditor', 'project.read'), ('auditor', 'project.scope.all'),
  ('auditor', 'organization.read'), ('auditor', 'user.read'), ('auditor', 'reference.read'),
  ('leader', 'project.read'), ('leader', 'project.scope.all'), ('leader', 'project.export'),
  ('leader', 'organization.read'), ('leader', 'user.read'), ('leader', 'reference.read'),
  ('project_chief', 'project.read'), ('project_chief', 'project.update'), ('project_chief', 'project.export'),
  ('project_chief', 'organization.read'), ('project_chief', 'user.read'), ('project_chief', 'reference.read'),
  ('chain_chief', 'project.read'), ('chain_chief', 'project.scope.all'), ('chain_chief', 'project.export'),
  ('chain_chief', 'organization.read'), ('chain_chief', 'reference.read'),
  ('department', 'project.read'), ('department', 'project.update'), ('department', 'project.export'),
  ('department', 'organization.read'), ('department', 'reference.read'),
  ('investment', 'project.read'), ('investment', 'project.scope.all'), ('investment', 'project.create'),
  ('investment', 'project.update'), ('investment', 'project.delete'), ('investment', 'project.export'),
  ('investment', 'project.import'), ('investment', 'organization.read'), ('investment', 'organization.manage'),
  ('investment', 'user.read'), ('investment', 'reference.read'),
  ('project_owner', 'project.read'), ('project_owner', 'project.create'), ('project_owner', 'project.update'),
  ('project_owner', 'project.export'), ('project_owner', 'project.import'), ('project_owner', 'organization.read'),
  ('project_owner', 'reference.read');
