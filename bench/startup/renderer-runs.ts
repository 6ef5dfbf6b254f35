import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { z } from 'zod';
import playwrightConfig from '../../playwright.config';
import { everyFrameUntil, firstContentfulPaint, membersFactAt, navigationTiming, shellVisibleAt } from './page-scripts';

/** One page load; ms since its navigation start, read in the page. */
export type PageLoad = {
  fcpMs: number | null;
  shellMs: number;
  membersMs: number;
  membersShown: number;
  domContentLoadedMs: number | null;
};

const fcpSchema = z.number().nullable();
const membersSchema = z.object({ at: z.number(), value: z.number() });
const navigationSchema = z
  .object({ responseEnd: z.number(), domContentLoaded: z.number(), load: z.number() })
  .nullable();

/** Chromium as the E2E tests launch it (playwright.config.ts): Debian's build, same flags. */
export async function launchChromium(): Promise<Browser> {
  const launch = playwrightConfig.use?.launchOptions ?? {};
  return chromium.launch({
    ...launch,
    executablePath: launch.executablePath ?? '/usr/bin/chromium',
    args: launch.args ?? ['--no-sandbox'],
  });
}

const viewport = { width: 1280, height: 800 };

/** After `navigate`: the shell visible (sidebar with the org name), FCP, the overview's member count. */
async function measureLoad(page: Page, orgName: string, navigate: () => Promise<unknown>): Promise<PageLoad> {
  await navigate();
  const shellMs = z.number().parse(await page.evaluate(everyFrameUntil(shellVisibleAt(orgName), 60_000)));
  const fcpMs = fcpSchema.parse(await page.evaluate(firstContentfulPaint));
  const members = membersSchema.parse(await page.evaluate(everyFrameUntil(membersFactAt, 180_000)));
  const navigation = navigationSchema.parse(await page.evaluate(navigationTiming));
  return {
    fcpMs,
    shellMs,
    membersMs: members.at,
    membersShown: members.value,
    domContentLoadedMs: navigation?.domContentLoaded ?? null,
  };
}

export type RendererFigures = { warmup: PageLoad; cold: PageLoad[]; reloads: PageLoad[] };

/**
 * `runs` cold opens (a new browser context each: empty cache and storage, like a first window) after
 * one warm-up, then `runs` reloads of one page (cached files, the secret kept in sessionStorage).
 */
export async function measureRenderer(
  browser: Browser,
  target: { launchUrl: string; orgId: string; orgName: string },
  runs: number,
): Promise<RendererFigures> {
  const url = `${target.launchUrl}#/orgs/${target.orgId}`;
  const coldOnce = async () => {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      return await measureLoad(page, target.orgName, () => page.goto(url, { waitUntil: 'commit' }));
    } finally {
      await context.close();
    }
  };
  const warmup = await coldOnce();
  const cold: PageLoad[] = [];
  for (let i = 0; i < runs; i++) cold.push(await coldOnce());
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await measureLoad(page, target.orgName, () => page.goto(url, { waitUntil: 'commit' }));
    const reloads: PageLoad[] = [];
    for (let i = 0; i < runs; i++)
      reloads.push(await measureLoad(page, target.orgName, () => page.reload({ waitUntil: 'commit' })));
    return { warmup, cold, reloads };
  } finally {
    await context.close();
  }
}

const referenceHtml =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference</title></head><body><p>Botdesk</p></body></html>';

/** The reference: FCP of a one-paragraph HTML page from a loopback server, in the same Chromium. */
export async function measureReferencePage(browser: Browser, runs: number): Promise<(number | null)[]> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(referenceHtml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const samples: (number | null)[] = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
        samples.push(fcpSchema.parse(await page.evaluate(firstContentfulPaint)));
      } finally {
        await context.close();
      }
    }
    return samples.slice(1);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
