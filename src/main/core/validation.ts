import type { z } from 'zod';

/** A zod error as one sentence a person can act on: "email: Enter a valid email address; …". */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
