import JSZip from 'jszip';

export type DocxText = {
  /** Paragraphs outside tables, in order, each the concatenation of its text runs. */
  paragraphs: string[];
  /** Each table as rows of cell texts (a cell's paragraphs joined with a newline). */
  tables: string[][][];
  /** word/document.xml as stored, for assertions on formatting (fonts, colours). */
  documentXml: string;
  /** word/styles.xml as stored. */
  stylesXml: string;
};

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function paragraphText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1] ?? '')).join('');
}

function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) => paragraphText(m[0]));
}

/**
 * Reads a generated .docx back the way a test needs it: unzips it and takes the text out of
 * word/document.xml. Tables are not nested in what Guanjia writes, so a flat scan is exact.
 */
export async function readDocxText(buffer: Buffer | Uint8Array): Promise<DocxText> {
  const zip = await JSZip.loadAsync(buffer);
  const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const tables: string[][][] = [];
  const paragraphs: string[] = [];
  const body = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    tables.push(
      [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
        [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => paragraphsOf(tc[0]).join('\n')),
      ),
    );
    return '';
  });
  paragraphs.push(...paragraphsOf(body));
  return { paragraphs, tables, documentXml, stylesXml };
}
