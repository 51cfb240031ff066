/**
 * The shape of an official document (公文, GB/T 9704-2012) as Guanjia writes them: the monthly bulletin and the
 * dispatch meeting record. Content builders in domain/ produce it; server/core/official-document.ts renders it
 * as .docx.
 */
import type { IsoDate } from './iso-date.ts';

export type OfficialTable = {
  /** Widths are relative (they are scaled to the text width); equal when omitted. */
  columns: { title: string; width?: number }[];
  rows: (string | number)[][];
};

export type OfficialBlock =
  /** The caller numbers headings (一、 （一） 1.: headingNumber in domain/bulletin-number.ts). */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; table: OfficialTable };

export type OfficialDocument = {
  /** 发文机关标志, printed in red above the 文号. */
  issuer: string;
  /** 发文字号, e.g. 渝科城督〔2026〕11号. */
  number?: string;
  title: string;
  /** 主送机关, printed before the body followed by a full-width colon. */
  recipients?: string;
  blocks: OfficialBlock[];
  /** 落款: issuer and date (in Chinese numerals-free form 2026年11月22日, as GB/T 9704 §7.3.5.1 prescribes). */
  signature?: { issuer: string; date: IsoDate };
  /** 抄送, printed at the end between rules. */
  copyTo?: string;
};
