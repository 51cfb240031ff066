import type { ServiceContext } from './core/context.ts';
import type { Job } from './core/scheduler.ts';
import { createCoordinationService } from './modules/coordination/coordination.service.ts';
import { createInspectionService } from './modules/inspections/inspections.service.ts';
import { createReminderService } from './modules/reminders/reminders.service.ts';
import { createWarningService } from './modules/warnings/warnings.service.ts';

type Log = { error(obj: object, msg: string): void };

/**
 * The platform's background jobs, run by the scheduler (core/scheduler.ts) on one node at a time. Time-driven
 * rules — a milestone becomes overdue at midnight, a report goes missing after its deadline, an item passes its
 * deadline — do not wait for someone to open a page.
 */
export function backgroundJobs(ctx: ServiceContext, log?: Log): Job[] {
  const minutes = (n: number) => n * 60_000;
  const { scheduler } = ctx.config;
  const coordination = createCoordinationService(ctx);
  const warnings = createWarningService(ctx);
  const inspections = createInspectionService(ctx);
  const reminders = createReminderService(ctx);
  return [
    {
      // One job, three steps in this order: an item escalated today counts as overdue in the lights computed next.
      // A failing step does not stop the others; the job records their errors.
      name: 'supervision.refresh',
      intervalMs: minutes(scheduler.refreshMinutes),
      async run(now) {
        const failures: string[] = [];
        const step = async (label: string, work: () => Promise<unknown>) => {
          try {
            await work();
          } catch (err) {
            log?.error({ err }, `${label} failed`);
            failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
          }
        };
        await step('coordination escalation', () => coordination.escalateOverdue(now));
        await step('warning recomputation', () => warnings.recomputeDue());
        await step('missing inspection flagging', () => inspections.flagMissingInspections(now));
        if (failures.length) throw new Error(failures.join('; '));
      },
    },
    {
      name: 'reminders.inspection-due',
      intervalMs: minutes(scheduler.reminderMinutes),
      run: (now) => reminders.remindInspections(now),
    },
    {
      name: 'reminders.report-deadline',
      intervalMs: minutes(scheduler.reminderMinutes),
      run: (now) => reminders.remindReports(now),
    },
    {
      name: 'reminders.dispatch-actions',
      intervalMs: minutes(scheduler.reminderMinutes),
      run: (now) => reminders.remindDispatchActions(now),
    },
    {
      name: 'webhook.deliver',
      intervalMs: scheduler.webhookSeconds * 1000,
      run: (now) => reminders.deliverWebhooks(now),
    },
  ];
}
