import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { formatChineseDate } from '#domain/bulletin-number.ts';
import type { OfficialDocument, OfficialTable } from '#domain/official-document.ts';

/**
 * Documents in the format of 党政机关公文 (GB/T 9704-2012), for the monthly bulletin (通报) and meeting records
 * (会议纪要): a red issuer banner with a red rule under the 文号, the title in 小标宋 二号, body in 仿宋 三号 with 22
 * lines of 28 characters on A4, level-1 headings in 黑体, level-2 in 楷体, page numbers as "— 1 —" in 宋体 四号.
 * Font names are those the standard's users have installed (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312); Word
 * substitutes a similar face where one is missing, so the document stays readable anywhere.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const officialFonts = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  pageNumber: '宋体',
} as const;

const RED = 'FF0000';
// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt; the banner at 小初 (36 pt).
const size = { banner: 72, title: 44, body: 32, table: 24, pageNumber: 28 } as const;
// mm → twips (1 mm = 56.7 twips). Margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (GB/T 9704 §5.2.1).
const twips = (mm: number) => Math.round(mm * 56.7);
const margins = { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) };
const textWidth = twips(210 - 28 - 26);
// 22 lines in the 225 mm type area: an exact line pitch of 28.95 pt.
const linePitch = Math.round(28.95 * 20);

function run(
  text: string,
  font: string,
  halfPoints: number,
  options: { bold?: boolean; color?: string } = {},
) {
  return new TextRun({
    text,
    size: halfPoints,
    font: { eastAsia: font, ascii: 'Times New Roman', hAnsi: 'Times New Roman' },
    ...options,
  });
}

const exactLine = { line: linePitch, lineRule: LineRuleType.EXACT } as const;

function bodyParagraph(text: string, font: string = officialFonts.body) {
  return new Paragraph({
    children: [run(text, font, size.body)],
    // First-line indent of two characters (三号 = 16 pt = 320 twips each).
    indent: { firstLine: 640 },
    spacing: exactLine,
    alignment: AlignmentType.JUSTIFIED,
  });
}

function heading(level: 1 | 2 | 3, text: string) {
  const font =
    level === 1 ? officialFonts.heading1 : level === 2 ? officialFonts.heading2 : officialFonts.body;
  return new Paragraph({
    children: [run(text, font, size.body, { bold: level === 3 })],
    indent: { firstLine: 640 },
    spacing: exactLine,
    keepNext: true,
  });
}

function table(spec: OfficialTable) {
  const weights = spec.columns.map((c) => c.width ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * textWidth));
  const cell = (text: string, width: number, header: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [run(text, header ? officialFonts.heading1 : officialFonts.body, size.table)],
        }),
      ],
    });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        children: spec.columns.map((c, i) => cell(c.title, widths[i] ?? 0, true)),
      }),
      ...spec.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: spec.columns.map((_, i) => cell(String(row[i] ?? ''), widths[i] ?? 0, false)),
          }),
      ),
    ],
  });
}

function masthead(doc: OfficialDocument): Paragraph[] {
  const rule = { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 };
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(doc.issuer, officialFonts.title, size.banner, { color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exactLine,
      border: { bottom: rule },
      children: doc.number ? [run(doc.number, officialFonts.body, size.body)] : [],
    }),
    new Paragraph({ spacing: exactLine, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(linePitch * 1.2), lineRule: LineRuleType.EXACT, after: linePitch },
      children: [run(doc.title, officialFonts.title, size.title)],
    }),
  ];
}

function closing(doc: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  if (doc.signature) {
    out.push(new Paragraph({ spacing: exactLine, children: [] }));
    for (const text of [doc.signature.issuer, formatChineseDate(doc.signature.date)]) {
      out.push(
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          indent: { right: 1280 },
          spacing: exactLine,
          children: [run(text, officialFonts.body, size.body)],
        }),
      );
    }
  }
  if (doc.copyTo) {
    const line = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 };
    out.push(new Paragraph({ spacing: exactLine, children: [] }));
    out.push(
      new Paragraph({
        border: { top: line, bottom: line },
        indent: { left: 280, right: 280 },
        children: [run(`抄送：${doc.copyTo}。`, officialFonts.body, size.pageNumber)],
      }),
    );
  }
  return out;
}

/** Renders the document as .docx bytes. */
export async function renderOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [...masthead(doc)];
  if (doc.recipients) {
    body.push(
      new Paragraph({
        spacing: exactLine,
        children: [run(`${doc.recipients}：`, officialFonts.body, size.body)],
      }),
    );
  }
  for (const block of doc.blocks) {
    if (block.kind === 'heading') body.push(heading(block.level, block.text));
    else if (block.kind === 'paragraph') body.push(bodyParagraph(block.text));
    else {
      body.push(table(block.table));
      // Word joins two adjacent tables into one; an empty paragraph keeps them apart.
      body.push(new Paragraph({ children: [] }));
    }
  }
  body.push(...closing(doc));

  const document = new Document({
    creator: 'Guanjia 数字管家',
    title: doc.title,
    styles: {
      default: {
        document: {
          run: { font: { eastAsia: officialFonts.body, ascii: 'Times New Roman' }, size: size.body },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(210), height: twips(297) },
            margin: { ...margins, header: twips(15), footer: twips(20) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  run('— ', officialFonts.pageNumber, size.pageNumber),
                  new TextRun({
                    children: [PageNumber.CURRENT],
                    size: size.pageNumber,
                    font: { eastAsia: officialFonts.pageNumber, ascii: 'Times New Roman' },
                  }),
                  run(' —', officialFonts.pageNumber, size.pageNumber),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
