// browser.mjs: launches Debian's Chromium through playwright-core, headless,
// the way every browser test here does, and saves screenshots under
// build/screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const SHOTS = 'build/screenshots';

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
