import { z } from 'zod';

const tokenSchema = z.object({ token: z.string().min(1) });
const orgSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** What the server itself holds, read over its public HTTP API as the same person (a session of their own). */
export async function serverSession(serverUrl: string, account: { email: string; password: string }) {
  const signIn = await fetch(`${serverUrl}/v1/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!signIn.ok) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
  const { token } = tokenSchema.parse(await signIn.json());
  return {
    /** One JSON request as this person; a non-2xx answer throws with its body. */
    async call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${serverUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : {}) as T;
    },
    async org(orgId: string): Promise<z.infer<typeof orgSchema>> {
      const response = await fetch(`${serverUrl}/v1/orgs/${orgId}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET /v1/orgs/${orgId} answered ${response.status}: ${await response.text()}`);
      return orgSchema.parse(await response.json());
    },
  };
}
