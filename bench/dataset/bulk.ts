/**
 * Bulk insertion for the benchmark data set: rows are gathered column by column and written as
 * `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[], …)`, one statement per batch of thousands of rows.
 * It runs unchanged on node-postgres and PGlite (no COPY stream package needed), and every row still goes
 * through the table's constraints, foreign keys and triggers, so the data set is as valid as the app's own.
 *
 * While PostgreSQL writes one batch the generator builds the next: one statement is in flight at a time.
 * A dependent table can be filled by the same statement (`alsoInsert`: a statement over the CTE `inserted`,
 * which holds the rows just written), which spares the database a second pass over a large table.
 */

export type Execute = (sqlText: string, params: unknown[]) => Promise<unknown>;

export type Column = {
  name: string;
  /** Element type of the array parameter: uuid, text, int4, numeric, float8, date, timestamptz, bool … */
  type: string;
  /** A cast applied to the unnested value, for types passed as text (jsonb, text[]). */
  cast?: string;
};

export type Progress = (table: string, rows: number) => void;

export class BulkTable {
  readonly table: string;
  private readonly columns: readonly Column[];
  private readonly execute: Execute;
  private readonly batchSize: number;
  private readonly onProgress: Progress | undefined;
  private readonly sqlText: string;
  private buffers: unknown[][];
  private pending: Promise<void> | null = null;
  private failure: unknown = null;
  private written = 0;
  private added = 0;

  constructor(
    execute: Execute,
    table: string,
    columns: readonly Column[],
    options: { batchSize?: number; onProgress?: Progress; alsoInsert?: string } = {},
  ) {
    this.execute = execute;
    this.table = table;
    this.columns = columns;
    this.batchSize = options.batchSize ?? 5000;
    this.onProgress = options.onProgress;
    this.buffers = columns.map(() => []);
    const names = columns.map((c) => c.name).join(', ');
    const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    const select = columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', ');
    const insert = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${params}) AS u(${aliases})`;
    this.sqlText = options.alsoInsert
      ? `WITH inserted AS (${insert} RETURNING *) ${options.alsoInsert}`
      : insert;
  }

  /** Rows added so far (written or still buffered). */
  get count(): number {
    return this.added;
  }

  /** One row, its values in column order. */
  add(values: readonly unknown[]): void {
    if (values.length !== this.columns.length) {
      throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    }
    for (let i = 0; i < values.length; i++) this.buffers[i]!.push(values[i] ?? null);
    this.added++;
  }

  /** Sends a batch when enough rows are buffered; waits only for the batch before it. */
  async flushIfFull(): Promise<void> {
    if (this.buffers[0]!.length >= this.batchSize) await this.flush();
  }

  /** Writes what is buffered and waits until every batch is in. Returns the number of rows written. */
  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.written;
  }

  /** Sends what is buffered now (after the batch before it): parents before children on one connection. */
  async flush(): Promise<void> {
    await this.settle();
    const rows = this.buffers[0]!.length;
    if (rows === 0) return;
    const params = this.buffers;
    this.buffers = this.columns.map(() => []);
    this.pending = this.execute(this.sqlText, params).then(
      () => {
        this.written += rows;
        this.onProgress?.(this.table, this.written);
      },
      (err: unknown) => {
        this.failure = err;
      },
    );
  }

  private async settle(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      throw err;
    }
  }
}

/** Columns written compactly: columns('id uuid, tags text:text[]'): name, element type, optional cast. */
export function columns(spec: string): Column[] {
  return spec.split(',').map((part) => {
    const [name = '', typed = ''] = part.trim().split(/\s+/);
    const [type = '', cast] = typed.split(':');
    return cast ? { name, type, cast } : { name, type };
  });
}
