import { SQL, getTableColumns, is, sql } from 'drizzle-orm';
import type { InferSelectModel, Table } from 'drizzle-orm';

// Hot-path statements written as sql templates instead of drizzle's query builder: building a
// select of a wide table (or a join of two) with the builder costs a few hundred microseconds of
// CPU per call, a template a few. These helpers keep such statements in the schema's terms: rows
// answered by a raw statement are mapped to the shape drizzle selects, and a builder-style `set`
// object becomes a SET list through the columns' own driver mapping.

type Row<T extends Table> = InferSelectModel<T>;

/**
 * A mapper from a row as a raw statement answers it — column names, driver values, or the values of
 * `row_to_json(t)` — to the shape drizzle selects for `table`.
 */
export function rowMapper<T extends Table>(table: T): (raw: Record<string, unknown>) => Row<T> {
  const columns = Object.entries(getTableColumns(table));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row<T>;
  };
}

/**
 * `col = value, …` for a partial row in drizzle's property names (what `.set()` takes): each value
 * goes through its column's driver mapping as a parameter (PostgreSQL types it from the column it is
 * assigned to), or is inlined when it is already SQL. Throws on a key the table does not have.
 */
export function setList<T extends Table>(table: T, set: Partial<Row<T>>): SQL {
  const columns = getTableColumns(table);
  const parts = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = columns[key];
      if (!column) throw new Error(`${key} is not a column of this table`);
      const name = sql.identifier(column.name);
      if (value === null) return sql`${name} = NULL`;
      return sql`${name} = ${is(value, SQL) ? value : column.mapToDriverValue(value)}`;
    });
  if (parts.length === 0) throw new Error('Nothing to set');
  return sql.join(parts, sql`, `);
}
