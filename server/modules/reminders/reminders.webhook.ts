import crypto from 'node:crypto';
import type { WebhookFormat } from '#domain/schemas/reminders.ts';

/** A message for a group chat, rendered in the robot's markdown when it is sent. */
export type WebhookMessage = { title: string; lines: string[] };

export type WebhookTarget = { url: string; format: WebhookFormat; secret: string | null };

export type DeliveryResult = { delivered: true } | { delivered: false; error: string };

/**
 * 企业微信 limits a markdown message to 4096 bytes of UTF-8 and 钉钉 asks for digests rather than floods (both
 * allow 20 messages a minute per robot): a long list is split into messages below this size.
 */
export const MAX_MESSAGE_BYTES = 3500;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Splits lines into as few messages as fit MAX_MESSAGE_BYTES; a single over-long line is cut. */
export function splitMessage(title: string, lines: readonly string[]): WebhookMessage[] {
  const budget = MAX_MESSAGE_BYTES - bytes(title) - 40;
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const raw of lines) {
    const line = bytes(raw) > budget ? `${truncateBytes(raw, budget - 3)}…` : raw;
    if (current.length && size + bytes(line) + 2 > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes(line) + 2;
  }
  if (current.length) chunks.push(current);
  return chunks.map((chunk, i) => ({
    title: chunks.length > 1 ? `${title}（${i + 1}/${chunks.length}）` : title,
    lines: chunk,
  }));
}

function truncateBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/**
 * The robot's request body. 企业微信: {"msgtype":"markdown","markdown":{"content"}}; 钉钉: {"msgtype":"markdown",
 * "markdown":{"title","text"}} where the title is what the chat list shows. 钉钉's markdown needs a blank line
 * to break a line; 企业微信's takes a newline.
 */
export function robotBody(format: WebhookFormat, message: WebhookMessage): Record<string, unknown> {
  if (format === 'dingtalk') {
    return {
      msgtype: 'markdown',
      markdown: { title: message.title, text: [`### ${message.title}`, ...message.lines].join('\n\n') },
    };
  }
  return {
    msgtype: 'markdown',
    markdown: { content: [`### ${message.title}`, ...message.lines].join('\n') },
  };
}

/**
 * 钉钉 加签: sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret))), with the
 * timestamp in milliseconds (钉钉 refuses one more than an hour off), both appended to the webhook URL.
 */
export function signDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const sign = crypto
    .createHmac('sha256', secret)
    .update(`${timestampMs}\n${secret}`, 'utf8')
    .digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  // URLSearchParams encodes + / = as %2B %2F %3D, as the robot's urlEncode expects.
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/**
 * Posts one message. Both robots answer HTTP 200 with {"errcode":0,"errmsg":"ok"} on success and a non-zero
 * errcode otherwise (bad key, too many messages, a keyword or signature check failed). The error text never
 * contains the URL, whose key is a credential.
 */
export async function postToRobot(
  target: WebhookTarget,
  message: WebhookMessage,
  options: { timeoutMs: number; now: Date },
): Promise<DeliveryResult> {
  const url =
    target.format === 'dingtalk' && target.secret
      ? signDingTalkUrl(target.url, target.secret, options.now.getTime())
      : target.url;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(robotBody(target.format, message)),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    return { delivered: false, error: networkError(err) };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return { delivered: false, error: `HTTP ${response.status}` };
  let answer: { errcode?: unknown; errmsg?: unknown } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return { delivered: false, error: `HTTP ${response.status}: not a robot answer` };
  }
  if (answer.errcode === 0 || answer.errcode === undefined) return { delivered: true };
  return {
    delivered: false,
    error: `errcode ${String(answer.errcode)}: ${String(answer.errmsg ?? '').slice(0, 300)}`,
  };
}

function networkError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${err.message}: ${cause.code}`;
    if (cause?.message) return `${err.message}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}

/** The URL with its query values masked, for the audit log: the key in it is a credential. */
export function redactUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '***');
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min … up to an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** After this many failed attempts (about two hours of retries) a message is given up as failed. */
export const MAX_ATTEMPTS = 8;
