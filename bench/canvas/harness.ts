/**
 * What the canvas benchmarks share: a seeded random tree of N nodes, the built
 * renderer served by `vite preview`, and Chromium with the document already in its
 * IndexedDB, as if an earlier session had saved it.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { seedDocumentScript } from '../../test/e2e/seed-document';

import { BENCH_DOC } from '../documents';

export interface Harness {
  browser: Browser;
  baseUrl: string;
  /** A fresh page (own storage) with the document seeded and nothing open yet. */
  seededPage(update: Uint8Array): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(port: number): Promise<Harness> {
  // vite itself, not through npx: killing npx left vite serving after the run.
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const server: ChildProcess = spawn(
    process.execPath,
    [
      path.join(path.dirname(vitePackage), 'bin', 'vite.js'),
      'preview',
      '--config',
      'vite.renderer.config.ts',
      '--port',
      String(port),
      '--strictPort',
    ],
    { stdio: 'ignore' },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForServer(baseUrl);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    browser,
    baseUrl,
    async seededPage(update) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.evaluate(seedDocumentScript(BENCH_DOC, 'Bench', update));
      await page.goto('about:blank');
      return page;
    },
    async close() {
      await browser.close();
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = once(server, 'exit');
      server.kill();
      await exited;
    },
  };
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not start at ${url}; run npm run build:renderer first`);
}
