-- Issue #4: background work on a scheduler backed by this database, reminders (督查、议定事项、月报 due dates) and
-- the outbox of the group-chat robot webhook (企业微信 / 钉钉). Must run on PostgreSQL 15 and PGlite.

-- One row per background job (server/core/scheduler.ts). A node runs a job only after claiming it with a single
-- UPDATE that requires the job to be due and its lease free, so two nodes never run it at once; the lease lets
-- another node take the job over from a node that died mid-run; next_run_at lives here, so a restart loses nothing.
CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY,
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  next_run_at timestamptz NOT NULL,
  locked_until timestamptz,
  -- The claim's token: '<node>#<n>'. Only its holder may renew or release the lease.
  locked_by text,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_outcome text CHECK (last_outcome IN ('succeeded', 'failed')),
  last_duration_ms integer,
  -- Kept after later successes: when and why the job last failed.
  last_error text,
  last_error_at timestamptz,
  run_count integer NOT NULL DEFAULT 0,
  CONSTRAINT scheduled_jobs_lock_check CHECK ((locked_by IS NULL) = (locked_until IS NULL))
);

-- A reminder is one occasion about one subject: the inspection of a project for a month ('2026-10'), the
-- report of a project for a month, a dispatch action for its deadline ('2026-10-20'). The unique key is what
-- makes a reminder fire once, whatever the number of nodes or runs.
CREATE TABLE reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('inspection_due', 'report_due', 'report_overdue', 'action_due', 'action_overdue')),
  -- A project (inspection, report) or a dispatch action.
  subject_id uuid NOT NULL,
  occasion text NOT NULL,
  due_date date NOT NULL,
  title text NOT NULL,
  body text,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, subject_id, occasion)
);

-- Who was told, each once: a deputy chief assigned after the reminder went out is told at the next run. The
-- notification is inserted in the same transaction (hence the deferred check).
CREATE TABLE reminder_recipients (
  reminder_id uuid NOT NULL REFERENCES reminders (id),
  user_id uuid NOT NULL REFERENCES users (id),
  notification_id uuid NOT NULL REFERENCES notifications (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reminder_id, user_id)
);
CREATE INDEX reminder_recipients_user_idx ON reminder_recipients (user_id);

-- Messages for the group-chat robot, written in the transaction that created the reminders and sent later by the
-- webhook job, never on a request's path. payload = { title, lines[] }, rendered in the robot's format when sent.
CREATE TABLE webhook_outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Set while one node sends it, so that a slow robot does not get the same message from two nodes.
  locked_until timestamptz,
  last_error text,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX webhook_outbox_pending_idx ON webhook_outbox (next_attempt_at, id) WHERE status = 'pending';

-- notification.configure: reminder lead times and the group-chat webhook (URL, format, DingTalk signing secret).
INSERT INTO permissions (code) VALUES ('notification.configure');
INSERT INTO role_permissions (role_code, permission_code) VALUES ('admin', 'notification.configure');
