import path from 'node:path';
import { z } from 'zod';
import type { S3StorageOptions } from './core/s3-storage.ts';

const boolEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(16).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /** Demo mode seeds the demo data set and lets demo accounts keep their published passwords. */
  DEMO_MODE: boolEnv.optional(),
  /** Behind a load balancer or reverse proxy, trust X-Forwarded-For for the client IP in the audit log. */
  TRUST_PROXY: boolEnv.default(false),
  COOKIE_SECURE: boolEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().default('./dist/web'),
  /** Where uploaded files live: `disk` (DATA_DIR/files) or `s3` (a bucket of an S3-compatible store). */
  STORAGE: z.enum(['disk', 's3']).default('disk'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name: 3-63 lowercase letters, digits, . or -',
    )
    .optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** MinIO and most self-hosted stores want path-style URLs; OSS and COS want `false` (bucket in the host). */
  S3_FORCE_PATH_STYLE: boolEnv.default(true),
  /** Background jobs (server/jobs.ts) on this node; `false` on nodes that should only serve requests. */
  SCHEDULER_ENABLED: boolEnv.default(true),
  SCHEDULER_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  JOB_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  JOB_REMINDER_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  JOB_WEBHOOK_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  /** The address users open the app at, for links in group-chat messages; none without it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
});

/** STORAGE=s3 needs its settings, the endpoint included: without one the SDK would send site photos to Amazon. */
function requireS3Settings(e: z.infer<typeof EnvSchema>, ctx: z.RefinementCtx) {
  if (e.STORAGE !== 's3') return;
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (e[name] === undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: 'required when STORAGE=s3' });
  }
}

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  demoMode: boolean;
  trustProxy: boolean;
  cookieSecure: boolean;
  logLevel: string;
  webDistDir: string | undefined;
  /** PBKDF2 rounds for new password hashes; tests lower it to stay fast. */
  passwordIterations: number;
  /** Where uploaded files live: a folder under dataDir, or a bucket. */
  storage: { kind: 'disk' } | ({ kind: 's3' } & S3StorageOptions);
  scheduler: {
    enabled: boolean;
    pollSeconds: number;
    /** Coordination escalation, stale warning lights, missing inspections. */
    refreshMinutes: number;
    reminderMinutes: number;
    /** Outbox drain; with at most 20 messages a run it keeps under the robots' 20 messages a minute. */
    webhookSeconds: number;
  };
  webhookTimeoutSeconds: number;
  publicUrl: string | undefined;
};

/** Reads the environment once, at startup. A bad value stops the app with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`DATABASE_URL=`) means unset, as shells and .env files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.superRefine(requireS3Settings).safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    demoMode: e.DEMO_MODE ?? !e.DATABASE_URL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    passwordIterations: 210_000,
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            // requireS3Settings has refused a missing one.
            endpoint: e.S3_ENDPOINT!,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID!,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'disk' },
    scheduler: {
      enabled: e.SCHEDULER_ENABLED,
      pollSeconds: e.SCHEDULER_POLL_SECONDS,
      refreshMinutes: e.JOB_REFRESH_MINUTES,
      reminderMinutes: e.JOB_REMINDER_MINUTES,
      webhookSeconds: e.JOB_WEBHOOK_SECONDS,
    },
    webhookTimeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
