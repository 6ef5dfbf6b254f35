#!/usr/bin/env node
// `npm test`: lint, format check, typecheck, unit + integration tests on PGlite (and again on PostgreSQL when
// DATABASE_URL is set), the web build, then Playwright E2E in Chromium. Ends with one line
// `N passed, N failed` carrying the totals of every step.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Start what the tests need: a throwaway PostgreSQL and a private Secret Service, when this machine
// has them (scripts/install-system-packages.sh installs both), by re-running inside the wrappers.
if (!process.env.BOTDESK_TEST_WRAPPED) {
  const wrappers = [];
  if (!process.env.DATABASE_URL && existsSync('/usr/lib/postgresql/15/bin/initdb'))
    wrappers.push('scripts/with-postgres.sh');
  if (!process.env.BOTDESK_IN_SECRET_SERVICE && hasCommand('dbus-run-session') && hasCommand('gnome-keyring-daemon')) {
    wrappers.push('scripts/with-secret-service.sh');
  }
  const [first, ...rest] = [...wrappers, process.execPath, 'scripts/test.mjs'];
  const r = spawnSync(first, rest, { stdio: 'inherit', env: { ...process.env, BOTDESK_TEST_WRAPPED: '1' } });
  process.exit(r.status ?? 1);
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const results = { passed: 0, failed: 0, skipped: 0 };
const reportDir = mkdtempSync(join(tmpdir(), 'botdesk-test-'));

function run(label, command, args, env = process.env) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env, shell: false });
  return r.status === 0;
}

function step(label, command, args) {
  const ok = run(label, command, args);
  if (ok) results.passed += 1;
  else results.failed += 1;
  console.log(`${ok ? '✔' : '✘'} ${label}`);
}

function vitest(label, env, paths = []) {
  const out = join(reportDir, `${label.replace(/\W+/g, '-')}.json`);
  const ok = run(
    label,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...paths],
    env,
  );
  count(out, ok, (report) => ({
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  }));
}

function playwright() {
  const out = join(reportDir, 'playwright.json');
  const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out };
  const ok = run('e2e (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], env);
  count(out, ok, (report) => ({
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  }));
}

function count(file, ok, extract) {
  if (!existsSync(file)) {
    results.failed += 1; // the runner died before reporting: count the step itself as failed
    return;
  }
  const n = extract(JSON.parse(readFileSync(file, 'utf8')));
  results.passed += n.passed;
  results.failed += n.failed;
  results.skipped += n.skipped;
  if (!ok && n.failed === 0) results.failed += 1; // e.g. a suite that failed to load
}

const { DATABASE_URL, ...withoutDatabase } = process.env;
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
step('format', 'npx', ['prettier', '--check', '.']);
step('typecheck', 'npm', ['run', '-s', 'typecheck']);
vitest('unit + integration on PGlite', withoutDatabase);
if (DATABASE_URL) vitest('integration on PostgreSQL', process.env, ['server', 'src/main/core']);
else
  console.log(
    '\nDATABASE_URL is not set: PostgreSQL-only tests ran as skipped (scripts/with-postgres.sh npm test runs them).',
  );
step('web build', 'npm', ['run', '-s', 'build:web']);
playwright();

rmSync(reportDir, { recursive: true, force: true });
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed === 0 ? 0 : 1);
