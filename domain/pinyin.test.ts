import { describe, expect, it } from 'vitest';
import { pinyinKeys } from './pinyin.ts';

describe('pinyinKeys', () => {
  it('returns toneless full pinyin without spaces and the initials', () => {
    expect(pinyinKeys('科学大道')).toEqual({ full: 'kexuedadao', initials: 'kxdd' });
  });

  it('reads polyphones from their word context', () => {
    expect(pinyinKeys('重庆')).toEqual({ full: 'chongqing', initials: 'cq' });
    expect(pinyinKeys('银行')).toEqual({ full: 'yinhang', initials: 'yh' });
    expect(pinyinKeys('重庆银行')).toEqual({ full: 'chongqingyinhang', initials: 'cqyh' });
    expect(pinyinKeys('行长')).toEqual({ full: 'hangzhang', initials: 'hz' });
  });

  it('writes ü as v, as pinyin keyboards do', () => {
    expect(pinyinKeys('绿色低碳')).toEqual({ full: 'lvseditan', initials: 'lsdt' });
  });

  it('keeps Latin letters and digits lower-cased in both keys', () => {
    expect(pinyinKeys('5G基站')).toEqual({ full: '5gjizhan', initials: '5gjz' });
  });

  it('drops spaces and punctuation', () => {
    expect(pinyinKeys('西永·微电园 (二期)，A区！')).toEqual({
      full: 'xiyongweidianyuanerqiaqu',
      initials: 'xywdyeqaq',
    });
  });

  it('folds full-width letters and digits', () => {
    expect(pinyinKeys('Ａ１栋')).toEqual({ full: 'a1dong', initials: 'a1d' });
  });

  it('returns empty keys for text with nothing to index', () => {
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' });
    expect(pinyinKeys(' ，。')).toEqual({ full: '', initials: '' });
  });
});
