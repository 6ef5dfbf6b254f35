import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats';

/**
 * How long this machine's temp disk (where every SQLite file of the bench lives) takes to write and
 * fsync 4 KiB, median of `count`. SQLite syncs at each WAL checkpoint, so this bounds commit spikes.
 */
export function measureSyncWriteMs(count = 40): number {
  const dir = mkdtempSync(join(tmpdir(), 'botdesk-bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, block, 0, block.length, i * block.length);
      fsyncSync(fd);
      samples.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return median(samples);
}
