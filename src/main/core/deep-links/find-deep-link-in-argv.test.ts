import { describe, expect, it } from 'vitest';
import { hostileInput, validLink } from './deep-link-generators';
import { findDeepLinkInArgv } from './find-deep-link-in-argv';
import { fuzzSeed, seededRandom } from './seeded-random';

const token = 'q0r8XyZ-_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456w';
const other = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const link = `botdesk://accept-invite/${token}`;
const exe = 'C:\\Program Files\\Botdesk\\Botdesk.exe';
const accepted = { kind: 'acceptInvite', token };

describe('findDeepLinkInArgv finds the link', () => {
  it.each<[string, string[]]>([
    ['Windows cold start (`Botdesk.exe -- "%1"`)', [exe, '--', link]],
    [
      'Windows second instance, Chromium switches added before',
      [exe, '--allow-file-access-from-files', '--original-process-start-time=1', '--', link],
    ],
    ['Windows development (`electron.exe C:\\app -- "%1"`)', ['electron.exe', 'C:\\work\\botdesk', '--', link]],
    ['Linux .desktop `%U`', ['/opt/Botdesk/botdesk', link]],
    [
      'Linux second instance with switches before the link',
      ['/opt/Botdesk/botdesk', '--allow-file-access-from-files', '--enable-avfoundation', link],
    ],
    ['development (`electron . <link>`)', ['/work/node_modules/electron/dist/electron', '.', link]],
    ['a trailing slash', [exe, '--', `${link}/`]],
    [
      'an old macOS process-serial-number switch before the link',
      ['/Applications/Botdesk.app/Contents/MacOS/Botdesk', '-psn_0_12345', link],
    ],
  ])('%s', (_name, argv) => {
    expect(findDeepLinkInArgv(argv)).toEqual(accepted);
  });
});

describe('findDeepLinkInArgv finds nothing in', () => {
  it.each<[string, string[]]>([
    ['an empty argv', []],
    ['only the executable', [exe]],
    ['a link as argv[0]', [link]],
    ['a plain launch', [exe, '--allow-file-access-from-files']],
    ['a macOS Finder launch', ['/Applications/Botdesk.app/Contents/MacOS/Botdesk', '-psn_0_12345']],
    ['a bare separator', [exe, '--']],
    ['an empty argument after the separator', [exe, '--', '']],
    ['a switch in the link slot', [exe, '--', '--inspect=9229']],
    ['a link followed by a switch', [exe, link, '--inspect=9229']],
    ['a link followed by a switch after the separator', [exe, '--', link, '--remote-debugging-port=9222']],
    ['a link followed by a plain argument', [exe, link, 'extra']],
    ['a switch between the separator and the link', [exe, '--', '--inspect=9229', link]],
    ['two arguments after the separator', [exe, '--', 'x', link]],
    ['a second separator', [exe, '--', '--', link]],
    ['a link before the separator', [exe, link, '--']],
    ['a link before the separator and another after it', [exe, `botdesk://accept-invite/${other}`, '--', link]],
    ['two links', [exe, `botdesk://accept-invite/${other}`, link]],
    ['the same link twice', [exe, link, link]],
    ['a foreign URL before the link', [exe, 'javascript:alert(1)', link]],
    ['a look-alike scheme before the link', [exe, `botdesk-x://accept-invite/${other}`, link]],
    ['a link inside a switch', [exe, `--url=${link}`]],
    ['a link inside a switch after the separator', [exe, '--', `--open-url=${link}`]],
    ['a Windows-style switch', [exe, `/${link}`]],
    ['an injected switch split from the URL', [exe, '--', `${link}"`, '--inspect=9229']],
    ['a quoted link', [exe, '--', `"${link}"`]],
    ['a link with surrounding spaces', [exe, '--', ` ${link} `]],
    ['an invalid link', [exe, '--', 'botdesk://accept-invite/short']],
    ['an uppercase link', [exe, '--', link.toUpperCase()]],
  ])('%s', (_name, argv) => {
    expect(findDeepLinkInArgv(argv)).toBeNull();
  });

  it('an argv that is not an array of strings', () => {
    expect(findDeepLinkInArgv(null as unknown as string[])).toBeNull();
    expect(findDeepLinkInArgv([exe, 42, null] as unknown as string[])).toBeNull();
  });
});

describe('findDeepLinkInArgv under generated argv', () => {
  const CASES = 10_000;
  const chromiumSwitches = [
    '--allow-file-access-from-files',
    '--enable-avfoundation',
    '--original-process-start-time=13370',
    '--no-sandbox',
  ];
  const attackerPieces = [
    '--inspect=9229',
    '--remote-debugging-port=9222',
    '--js-flags=--expose-gc',
    '-',
    'extra',
    '"',
    '--',
  ];

  it(`takes the link only from the link slot, over ${CASES} launches`, () => {
    const random = seededRandom(fuzzSeed(0x0b07de5c), 4);
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const before = Array.from({ length: random.int(0, 3) }, () => random.pick(chromiumSwitches));
      const { link: valid, token: expected } = validLink(random);
      const separator = random.chance(0.5) ? ['--'] : [];
      const shape = random.int(0, 3);
      let argv: string[];
      let want: string | null;
      if (shape === 0) {
        // Well formed: what Windows, Linux and development launches look like.
        [argv, want] = [[exe, ...before, ...separator, valid], expected];
      } else if (shape === 1) {
        // Something follows the link: injected arguments.
        [argv, want] = [[exe, ...before, ...separator, valid, random.pick(attackerPieces)], null];
      } else if (shape === 2) {
        // Two links: ambiguous.
        [argv, want] = [[exe, ...before, validLink(random).link, ...separator, valid], null];
      } else {
        // A hostile string in the link slot.
        const { input } = hostileInput(random);
        [argv, want] = [[exe, ...before, ...separator, typeof input === 'string' ? input : '--'], null];
      }
      const found = findDeepLinkInArgv(argv)?.token ?? null;
      if (found !== want) failures.push(`#${i} ${JSON.stringify(argv)}: expected ${want}, got ${found}`);
    }
    expect(
      failures,
      `seed ${random.seed} (replay: DEEP_LINK_FUZZ_SEED=${random.seed})\n${failures.slice(0, 10).join('\n')}`,
    ).toEqual([]);
  });
});
