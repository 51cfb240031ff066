import { describe, expect, it } from 'vitest';
import { readDocxText } from '../test/docx-text.ts';
import { officialFonts, renderOfficialDocument } from './official-document.ts';

describe('official document (GB/T 9704 style)', () => {
  it('writes the masthead, numbered headings, body and tables that read back as written', async () => {
    const buffer = await renderOfficialDocument({
      issuer: '西部（重庆）科学城管委会',
      number: '科城督〔2026〕11号',
      title: '关于2026年10月重点项目推进情况的通报',
      recipients: '各部门、各项目单位',
      blocks: [
        { kind: 'heading', level: 1, text: '一、总体情况' },
        { kind: 'paragraph', text: '截至10月底，累计完成投资12.34亿元 & 完成率 <56.7%>。' },
        { kind: 'heading', level: 2, text: '（一）红灯项目' },
        {
          kind: 'table',
          table: {
            columns: [{ title: '序号' }, { title: '项目名称', width: 4 }],
            rows: [[1, '科学大道二期']],
          },
        },
        {
          kind: 'table',
          table: { columns: [{ title: '部门' }, { title: '逾期事项' }], rows: [['规划和自然资源局', 3]] },
        },
      ],
      signature: { issuer: '西部（重庆）科学城管委会', date: '2026-11-05' },
      copyTo: '区委办公室',
    });
    const doc = await readDocxText(buffer);
    expect(doc.paragraphs).toContain('西部（重庆）科学城管委会');
    expect(doc.paragraphs).toContain('科城督〔2026〕11号');
    expect(doc.paragraphs).toContain('各部门、各项目单位：');
    expect(doc.paragraphs).toContain('截至10月底，累计完成投资12.34亿元 & 完成率 <56.7%>。');
    expect(doc.paragraphs).toContain('2026年11月5日');
    expect(doc.paragraphs).toContain('抄送：区委办公室。');
    expect(doc.tables).toEqual([
      [
        ['序号', '项目名称'],
        ['1', '科学大道二期'],
      ],
      [
        ['部门', '逾期事项'],
        ['规划和自然资源局', '3'],
      ],
    ]);
    // Headings in 黑体 and 楷体, body in 仿宋, the banner in red.
    const runOf = (text: string) => {
      const at = doc.documentXml.indexOf(`>${text}<`);
      return doc.documentXml.slice(doc.documentXml.lastIndexOf('<w:r>', at), at);
    };
    expect(runOf('一、总体情况')).toContain(`w:eastAsia="${officialFonts.heading1}"`);
    expect(runOf('（一）红灯项目')).toContain(`w:eastAsia="${officialFonts.heading2}"`);
    expect(runOf('截至10月底，累计完成投资12.34亿元 &amp; 完成率 &lt;56.7%&gt;。')).toContain(
      `w:eastAsia="${officialFonts.body}"`,
    );
    expect(runOf('西部（重庆）科学城管委会')).toContain('w:color w:val="FF0000"');
    expect(doc.stylesXml).toContain(officialFonts.body);
  });
});
