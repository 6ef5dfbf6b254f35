#!/usr/bin/env node
// Renders the SVG sources in resources/ to the PNGs Electron and electron-builder use, with Debian's
// Chromium (run after changing an SVG; the PNGs are committed). Usage: node scripts/render-icons.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const resources = new URL('../resources/', import.meta.url).pathname;
const targets = [
  ['icon.svg', 'icon.png', 512],
  ['tray.svg', 'tray.png', 16],
  ['tray.svg', 'tray@2x.png', 32],
  ['tray-warning.svg', 'tray-warning.png', 16],
  ['tray-warning.svg', 'tray-warning@2x.png', 32],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
for (const [source, output, size] of targets) {
  const svg = readFileSync(join(resources, source), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({
    path: join(resources, output),
    omitBackground: true,
    clip: { x: 0, y: 0, width: size, height: size },
  });
  console.log(`${output} (${size}×${size})`);
}
await browser.close();
