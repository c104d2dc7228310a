/**
 * What a page holds in memory, read from a V8 heap snapshot over the DevTools
 * protocol (Chromium only). Objects are found by the properties they own, so the
 * count does not depend on class names, which the build minifies.
 */
import type { Page } from '@playwright/test';

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Every Y.Doc owns these (yjs/src/utils/Doc.js); no other object of the app does. */
const Y_DOC_PROPERTIES = ['gcFilter', 'clientID', 'subdocs', 'share', 'store', 'whenSynced'];

async function takeSnapshot(page: Page): Promise<HeapSnapshot> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  // Documents closed a moment ago are garbage, not copies: collect them first.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return JSON.parse(chunks.join('')) as HeapSnapshot;
}

/** How many Y.Doc objects the page holds, after a garbage collection. */
export async function countYDocs(page: Page): Promise<number> {
  const heap = await takeSnapshot(page);
  const { node_fields, edge_fields, edge_types } = heap.snapshot.meta;
  const nodeSize = node_fields.length;
  const edgeSize = edge_fields.length;
  const edgeCountAt = node_fields.indexOf('edge_count');
  const edgeTypeAt = edge_fields.indexOf('type');
  const edgeNameAt = edge_fields.indexOf('name_or_index');
  const property = edge_types[0].indexOf('property');
  const wanted = new Set(Y_DOC_PROPERTIES.map((name) => heap.strings.indexOf(name)));
  if (wanted.has(-1)) return 0; // a name no object uses: no Y.Doc at all
  let count = 0;
  let edge = 0;
  for (let node = 0; node < heap.nodes.length; node += nodeSize) {
    const edges = heap.nodes[node + edgeCountAt]!;
    let found = 0;
    for (let i = 0; i < edges; i++, edge += edgeSize)
      if (heap.edges[edge + edgeTypeAt] === property && wanted.has(heap.edges[edge + edgeNameAt]!))
        found++;
    if (found === wanted.size) count++;
  }
  return count;
}
