import { z } from 'zod';

type Json = Record<string, unknown>;

async function call<T>(serverUrl: string, token: string, method: string, path: string, body?: Json): Promise<T> {
  const response = await fetch(`${serverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export type SeededRun = { outcome: 'succeeded' | 'failed'; error?: string; log: string; data?: Json };

/**
 * Real runs through the server's own API, as a runner makes them: a bot and an API key with
 * `runs.execute` created by the person, then each run started, reported running and finished.
 */
export async function seedRuns(
  serverUrl: string,
  account: { email: string; password: string },
  orgId: string,
  botName: string,
  runs: SeededRun[],
  creditsPerRun = 1,
): Promise<{ botId: string }> {
  const signIn = await fetch(`${serverUrl}/v1/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const { token } = z.object({ token: z.string() }).parse(await signIn.json());
  const bot = z
    .object({ id: z.string() })
    .parse(await call(serverUrl, token, 'POST', `/v1/orgs/${orgId}/bots`, { name: botName, creditsPerRun }));
  const created = await call<{ secret: string }>(serverUrl, token, 'POST', `/v1/orgs/${orgId}/api-keys`, {
    name: 'History seeder',
    type: 'standard',
    scopes: ['runs.execute'],
  });
  const key = created.secret;
  let n = 0;
  for (const run of runs) {
    n += 1;
    const started = await call<{ id: string }>(serverUrl, key, 'POST', '/v1/runner/runs', {
      botId: bot.id,
      idempotencyKey: `seed-${n}`,
      runnerId: 'seed-runner',
    });
    await call(serverUrl, key, 'PATCH', `/v1/runner/runs/${started.id}`, {
      status: 'running',
      runnerId: 'seed-runner',
    });
    await call(serverUrl, key, 'PATCH', `/v1/runner/runs/${started.id}`, {
      status: run.outcome,
      runnerId: 'seed-runner',
      log: run.log,
      ...(run.error ? { error: run.error } : {}),
      ...(run.data ? { data: run.data } : {}),
    });
  }
  return { botId: bot.id };
}
