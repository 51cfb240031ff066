import { pinyin } from 'pinyin-pro';

export type PinyinKeys = {
  /** Toneless pinyin, no separators: 科学大道 → "kexuedadao". */
  full: string;
  /** First letter of each syllable: 科学大道 → "kxdd". */
  initials: string;
};

/** pinyin-pro's TokenizationAlgorithm.MaxProbability; the enum is a `const enum`, which isolatedModules cannot import. */
const MAX_PROBABILITY_SEGMENTATION = 2;

const KEPT_NON_CHINESE = /^[a-z0-9]$/;

/**
 * Search keys for 拼音 and 首字母 search (domain reference §7: store pinyin and initials next to the name).
 *
 * Polyphones are resolved from the word context (重庆 → chongqing, 银行 → yinhang) using pinyin-pro's
 * max-probability segmentation. ü is written v (绿 → lv), as on every pinyin keyboard.
 * Latin letters and digits are kept lower-cased in both keys so "5G基站" is found by "5gjz";
 * punctuation, spaces and any other character are dropped.
 */
export function pinyinKeys(text: string): PinyinKeys {
  // NFKC folds full-width letters and digits (Ａ１) into ASCII before the ASCII filter below.
  const normalised = text.normalize('NFKC');
  const syllables = pinyin(normalised, {
    type: 'all',
    toneType: 'none',
    v: true,
    segmentit: MAX_PROBABILITY_SEGMENTATION,
  });

  let full = '';
  let initials = '';
  for (const syllable of syllables) {
    if (syllable.isZh) {
      full += syllable.pinyin;
      initials += syllable.pinyin.charAt(0);
      continue;
    }
    for (const char of syllable.origin.toLowerCase()) {
      if (KEPT_NON_CHINESE.test(char)) {
        full += char;
        initials += char;
      }
    }
  }
  return { full, initials };
}
