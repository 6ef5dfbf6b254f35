import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './testing/http';
import { signUpUser, startTestServer, testPassword, uniqueEmail } from './testing/test-server';
import type { TestServer } from './testing/test-server';

const logLines: string[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ logDestination: { write: (line) => void logLines.push(line) } });
});
afterAll(async () => {
  await server?.close();
});

describe('the HTTP surface', () => {
  it('answers /healthz', async () => {
    const res = await http(server, 'GET', '/healthz');
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('publishes an OpenAPI document listing the identity and organization routes', async () => {
    const res = await http<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      server,
      'GET',
      '/v1/openapi.json',
    );
    expect(res.status).toBe(200);
    const paths = Object.entries(res.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /v1/auth/sign-up/email',
        'POST /v1/auth/sign-in/email',
        'POST /v1/auth/sign-out',
        'POST /v1/auth/verify-email',
        'POST /v1/auth/password-reset/request',
        'POST /v1/auth/password-reset/confirm',
        'GET /v1/me',
        'PATCH /v1/me',
        'GET /v1/me/sessions',
        'DELETE /v1/me/sessions/{id}',
        'GET /v1/orgs',
        'POST /v1/orgs',
        'GET /v1/orgs/{orgId}',
        'PATCH /v1/orgs/{orgId}',
        'DELETE /v1/orgs/{orgId}',
      ]),
    );
  });

  it('serves the docs page', async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
  });

  it('answers unknown routes and malformed JSON with the error shape', async () => {
    const missing = await http(server, 'GET', '/v1/nowhere');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const res = await fetch(`${server.url}/v1/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it('answers protected routes without a token with unauthenticated', async () => {
    const res = await http(server, 'GET', '/v1/me');
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
  });
});

describe('logs', () => {
  it('never contain passwords, session tokens or mailed codes, even at trace level', async () => {
    const email = uniqueEmail('logged');
    const { token } = await signUpUser(server, { email, name: 'Logged' });
    const code =
      server.mail
        .messages()
        .find((m) => m.to === email)
        ?.subject.slice(0, 6) ?? 'missing';
    await http(server, 'POST', '/v1/auth/sign-in/email', { body: { email, password: testPassword } });
    await http(server, 'GET', '/v1/me', { token });
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    expect(all).not.toContain(testPassword);
    expect(all).not.toContain(token);
    expect(all).not.toContain(code);
  });
});
