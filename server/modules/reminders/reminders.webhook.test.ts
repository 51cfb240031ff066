import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_BYTES,
  redactUrl,
  retryDelayMs,
  robotBody,
  signDingTalkUrl,
  splitMessage,
} from './reminders.webhook.ts';

const message = {
  title: '【数字管家】议定事项即将到期',
  lines: ['**甲**：期限 2026-10-29。', '**乙**：已逾期 1 天。'],
};

describe('robot message formats', () => {
  it('writes a 企业微信 markdown message: msgtype markdown with the content, one line per reminder', () => {
    expect(robotBody('wecom', message)).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: '### 【数字管家】议定事项即将到期\n**甲**：期限 2026-10-29。\n**乙**：已逾期 1 天。',
      },
    });
  });

  it('writes a 钉钉 markdown message: the title for the chat list and the text with blank lines between entries', () => {
    expect(robotBody('dingtalk', message)).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '【数字管家】议定事项即将到期',
        text: '### 【数字管家】议定事项即将到期\n\n**甲**：期限 2026-10-29。\n\n**乙**：已逾期 1 天。',
      },
    });
  });

  it('signs a 钉钉 URL as the robot documents it (HmacSHA256 of timestamp\\nsecret, Base64, URL-encoded)', () => {
    // Expected value computed independently with Python's hmac, base64 and urllib.parse.quote_plus.
    const url = signDingTalkUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      'SEC0123456789abcdef',
      1793152800000,
    );
    expect(url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1793152800000&sign=PzO7EAVi%2Bqnhlwk4Muc8%2BX6%2F4%2BOl3Dbq0XIEc0ToIPw%3D',
    );
  });

  it('splits a long list into numbered messages under the 企业微信 4096-byte limit, keeping every line', () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `**项目${i}**：2026年10月尚无督查记录，月底（2026-10-31）前还剩 3 个工作日。`,
    );
    const parts = splitMessage('【数字管家】本月督查即将到期', lines);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.title).toBe(`【数字管家】本月督查即将到期（1/${parts.length}）`);
    expect(parts.flatMap((p) => p.lines)).toEqual(lines);
    for (const p of parts) {
      const content = (robotBody('wecom', p).markdown as { content: string }).content;
      expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
    expect(splitMessage('标题', ['一行'])).toEqual([{ title: '标题', lines: ['一行'] }]);
    const [cut] = splitMessage('标题', ['长'.repeat(5000)]);
    expect(Buffer.byteLength(cut!.lines[0]!, 'utf8')).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('masks the key in a webhook URL for the audit log, and backs off 30 s doubling up to an hour', () => {
    expect(redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    );
    expect(redactUrl(null)).toBeNull();
    expect([1, 2, 3, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });
});
