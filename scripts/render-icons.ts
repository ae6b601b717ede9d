/**
 * Renders public/favicon.svg into the PNG icons of the web app manifest with Debian's Chromium.
 * Run by hand when the artwork changes (`node --import tsx scripts/render-icons.ts`); the PNGs are
 * committed, so builds need no image tooling.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const out = (name: string) => new URL(`../public/icons/${name}`, import.meta.url);

// size, file, scale of the artwork inside the square (maskable: inside the 80 % safe circle).
const targets: Array<[number, string, number, boolean]> = [
  [192, 'icon-192.png', 1, false],
  [512, 'icon-512.png', 1, false],
  [512, 'icon-maskable-512.png', 0.72, true],
  [180, 'apple-touch-icon.png', 0.86, true],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage();
  for (const [size, file, scale, fullBleed] of targets) {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * scale);
    const art = fullBleed ? svg.replace(/rx="96"/, 'rx="0"') : svg;
    await page.setContent(
      `<html><body style="margin:0;background:${fullBleed ? '#1b1b1f' : 'transparent'};display:grid;place-items:center;width:${size}px;height:${size}px">` +
        `<div style="width:${inner}px;height:${inner}px">${art.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
    );
    await writeFile(out(file), await page.screenshot({ omitBackground: !fullBleed, type: 'png' }));
    console.log(`public/icons/${file} ${size}×${size}`);
  }
} finally {
  await browser.close();
}
