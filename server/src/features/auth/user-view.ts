import type { User } from '@shared/schemas/user';

/** The public shape of a user (never the password hash or tokens). */
export function userView(row: {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  createdAt: Date;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerified,
    createdAt: row.createdAt.toISOString(),
  };
}
