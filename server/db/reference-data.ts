import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference-data');

type Table = { file: string; table: string; columns: string[] };

/** Versioned reference files kept in the repository (see reference-data/README.md). */
const tables: Table[] = [
  { file: 'divisions.csv', table: 'divisions', columns: ['code', 'name', 'name_en', 'level', 'parent_code'] },
  {
    file: 'industries.csv',
    table: 'industries',
    columns: ['code', 'name', 'name_en', 'level', 'parent_code'],
  },
  { file: 'leading-industries.csv', table: 'leading_industries', columns: ['code', 'name', 'name_en'] },
];

/** Minimal RFC 4180 reader: the files are ours, UTF-8, with a header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((c) => c !== '')) rows.push(row);
  const [header, ...data] = rows;
  if (!header) return [];
  return data.map((r) => Object.fromEntries(header.map((h, idx) => [h.trim(), (r[idx] ?? '').trim()])));
}

/**
 * Loads each reference file whose checksum differs from the one last loaded: upserts every row, so codes that
 * projects reference are never deleted (a code withdrawn from a standard stays for history).
 */
export async function loadReferenceData(database: Database): Promise<string[]> {
  const loaded: string[] = [];
  for (const t of tables) {
    const text = fs.readFileSync(path.join(dataDir, t.file), 'utf8');
    const checksum = crypto.createHash('sha256').update(text).digest('hex');
    const [current] = await database.query<{ checksum: string }>(
      'select checksum from reference_data_versions where name = $1',
      [t.table],
    );
    if (current?.checksum === checksum) continue;
    const records = parseCsv(text);
    const cols = t.columns;
    const updates = cols
      .filter((c) => c !== 'code')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    const batchSize = 200;
    const statements: string[] = ['BEGIN;'];
    for (let i = 0; i < records.length; i += batchSize) {
      const values = records
        .slice(i, i + batchSize)
        .map((r) => `(${cols.map((c) => sqlLiteral(c, r[c] ?? '')).join(', ')})`)
        .join(',\n');
      statements.push(
        `INSERT INTO ${t.table} (${cols.join(', ')}) VALUES ${values} ON CONFLICT (code) DO UPDATE SET ${updates};`,
      );
    }
    statements.push(
      `INSERT INTO reference_data_versions (name, checksum, loaded_at) VALUES ('${t.table}', '${checksum}', now())
       ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, loaded_at = now();`,
      'COMMIT;',
    );
    await database.execScript(statements.join('\n'));
    loaded.push(t.table);
  }
  return loaded;
}

function sqlLiteral(column: string, value: string): string {
  if (value === '') return 'NULL';
  if (column === 'level') {
    if (!/^\d+$/.test(value)) throw new Error(`reference data: bad level ${value}`);
    return value;
  }
  return `'${value.replace(/'/g, "''")}'`;
}
