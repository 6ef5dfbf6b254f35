import { timestamp } from 'drizzle-orm/pg-core';

// Column shapes every table module shares (a module of its own: schema.ts re-exports the others).

/** A timestamptz column. */
export const at = (name: string) => timestamp(name, { withTimezone: true });

/** created_at and updated_at, both set by default to now(). */
export const timestamps = {
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
};
