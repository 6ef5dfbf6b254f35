import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startRunner } from './runner';

// `npm run runner -- --server URL --key KEY [--runner-id ID]`: the reference runner until Ctrl+C.
// `--key-file PATH` reads the key from a file instead, keeping it out of the process list.

const usage =
  'Usage: npm run runner -- --server http://127.0.0.1:8787 (--key bd_standard_… | --key-file PATH) [--runner-id NAME]';

function main(): void {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      key: { type: 'string' },
      'key-file': { type: 'string' },
      'runner-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const key = values.key ?? (values['key-file'] ? readFileSync(values['key-file'], 'utf8').trim() : undefined);
  if (values.help || !values.server || !key) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const runner = startRunner({
    server: values.server,
    key,
    ...(values['runner-id'] ? { runnerId: values['runner-id'] } : {}),
    log: (line) => console.log(`[runner] ${line}`),
  });
  const stop = () => {
    void runner.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
