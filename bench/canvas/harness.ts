/**
 * What the canvas benchmarks share: a seeded random tree of N nodes, the built
 * renderer served by `vite preview`, and Chromium with the document already in its
 * IndexedDB, as if an earlier session had saved it.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../../shared/model';
import { seedDocumentScript } from '../../test/e2e/seed-document';

export const BENCH_DOC = 'bench-doc';

function randomOutline(count: number, seed: number): OutlineItem[] {
  const gen = prng.create(seed);
  const root: OutlineItem = { title: 'root', children: [] };
  const all: OutlineItem[] = [root];
  for (let i = 1; i < count; i++) {
    // Bias toward recent parents for a realistic bushy-but-deep tree.
    const parent =
      all[Math.max(0, all.length - 1 - prng.int32(gen, 0, Math.min(all.length - 1, 40)))]!;
    const item: OutlineItem = {
      title: `Item ${i} ${prng.word(gen, 3, 12)}`,
      owner: prng.word(gen, 3, 8),
      measures:
        i % 3 === 0
          ? [{ name: 'Measure', baseline: 0, target: 100, current: prng.int32(gen, 0, 100) }]
          : [],
      children: [],
    };
    parent.children!.push(item);
    all.push(item);
  }
  return root.children!;
}

/** The encoded Yjs state of a random tree with `nodes` nodes (the vision included). */
export function benchDocument(nodes: number): Uint8Array {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  model.initialise({
    id: BENCH_DOC,
    title: `Bench ${nodes}`,
    vision: { title: 'Bench vision', children: randomOutline(nodes, 7) },
  });
  const update = Y.encodeStateAsUpdate(doc);
  console.log(`document: ${model.tree().order.length} nodes, ${update.length} bytes encoded`);
  return update;
}

export interface Harness {
  browser: Browser;
  baseUrl: string;
  /** A fresh page (own storage) with the document seeded and nothing open yet. */
  seededPage(update: Uint8Array): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(port: number): Promise<Harness> {
  const server: ChildProcess = spawn(
    'npx',
    [
      'vite',
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
      server.kill();
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
