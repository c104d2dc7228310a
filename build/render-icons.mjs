// Rasterizes build/icon.svg into the PNGs electron-builder needs:
//   build/icon.png (1024, macOS/Windows) and build/icons/<n>x<n>.png (Linux).
// Usage: node build/render-icons.mjs   (needs Chromium; CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const buildDir = path.dirname(fileURLToPath(import.meta.url));
const svg = await readFile(path.join(buildDir, 'icon.svg'), 'utf8');

const outputs = [
  { size: 1024, file: 'icon.png' },
  { size: 512, file: 'icons/512x512.png' },
  { size: 256, file: 'icons/256x256.png' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  await mkdir(path.join(buildDir, 'icons'), { recursive: true });
  for (const { size, file } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // Scale the SVG to the viewport; transparent page so the rounded corners stay clear.
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`,
    );
    await page.screenshot({ path: path.join(buildDir, file), omitBackground: true });
    await page.close();
    console.log(`wrote build/${file} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
