// On Windows and Linux a clicked link reaches Botdesk as a command-line argument, at cold start
// (process.argv) and in the running instance (`second-instance`). The URL is attacker-chosen text, and
// a quote in it could split it into several arguments (CVE-2018-1000006), so only the one slot the OS
// registration fills is read: the last argument.
import type { DeepLink } from '@shared/schemas/app';
import { parseDeepLink } from './deep-link-url';

/** Ends switch parsing: Windows registers `"Botdesk.exe" -- "%1"`, so everything after it is the URL. */
const END_OF_SWITCHES = '--';

/**
 * The deep link a command line carries, or null. argv[0] (the executable) is never read. The link must
 * be the last argument; when a `--` is present it must sit right before it (nothing else follows `--`).
 * Exactly one argument may look like a URL: with two, the launch is ambiguous and nothing is taken.
 * Switches (`-x`, `--x=…`) are never links; ones before the link (Chromium adds some in `second-instance`)
 * are ignored, anything after it refuses the link — the same rule Electron applies at startup.
 */
export function findDeepLinkInArgv(argv: readonly string[]): DeepLink | null {
  if (!Array.isArray(argv) || argv.length < 2) return null;
  const args = argv.slice(1);
  const last = args.length - 1;
  const separator = args.indexOf(END_OF_SWITCHES);
  if (separator !== -1 && separator !== last - 1) return null;
  if (args.filter(looksLikeUrl).length !== 1 || !looksLikeUrl(args[last])) return null;
  return parseDeepLink(args[last]);
}

/**
 * Electron's own notion of a URL argument (shell/app/command_line_args.cc): a letter, then more
 * non-space characters up to a `:` — at least two before it, so `C:\…` paths are not URLs.
 */
function looksLikeUrl(arg: unknown): boolean {
  return typeof arg === 'string' && /^[A-Za-z][^\s:]+:/.test(arg.trim());
}
