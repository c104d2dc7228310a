/**
 * Model: build a 5,000-node tree (one paste of an outline), apply 10,000 random
 * commands (each followed by reading the tree, as the app's views do), encode the
 * document, and load it from the encoded state.
 *
 * Baseline: plain Yjs doing the raw writes of the build (the same 5,000 records as
 * Y.Maps with a Y.Text title, no commands, no validation, no order keys), so the
 * ratio is the cost of the typed command layer over Yjs itself.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc, CanopyError, type OutlineItem } from '../../shared/model';
import { randomOutline } from '../documents';
import { since, type Measurement, type Suite } from '../suite';

const NODES = 5000;
const COMMANDS = 10_000;

function build(outline: OutlineItem[]): { doc: Y.Doc; model: CanopyDoc; ms: number } {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  const start = performance.now();
  model.initialise({
    id: 'bench-model',
    title: 'Bench',
    vision: { title: 'Vision', children: outline },
  });
  return { doc, model, ms: since(start) };
}

function plainYjsBuild(outline: OutlineItem[]): number {
  const doc = new Y.Doc();
  const start = performance.now();
  doc.transact(() => {
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    let seq = 0;
    const write = (item: OutlineItem, parent: string | null) => {
      const id = `n${seq++}`;
      const node = new Y.Map<unknown>();
      node.set('kind', 'initiative');
      node.set('pos', { parent, order: `a${seq}`, seq, client: doc.clientID, prev: null });
      node.set('title', new Y.Text(item.title ?? ''));
      node.set('owner', item.owner ?? '');
      node.set('tags', new Y.Map());
      node.set('measures', new Y.Array());
      node.set('assumptions', new Y.Array());
      nodes.set(id, node);
      for (const child of item.children ?? []) write(child, id);
    };
    write({ title: 'Vision', children: outline }, null);
  });
  return since(start);
}

/** One random command on a live node; refusals (a move into its own subtree) count too. */
function randomCommand(model: CanopyDoc, gen: prng.PRNG): void {
  const live = model.tree().order;
  const any = () => live[prng.int32(gen, 0, live.length - 1)]!;
  const nonRoot = () => live[prng.int32(gen, 1, live.length - 1)]!;
  const kind = prng.int32(gen, 0, 99);
  try {
    if (kind < 35) model.updateNode(any(), { title: prng.word(gen, 3, 24) });
    else if (kind < 55) model.addNode(any(), { title: prng.word(gen, 3, 16) });
    else if (kind < 65) model.moveNode(nonRoot(), any(), prng.int32(gen, 0, 3));
    else if (kind < 75) model.reorderNode(nonRoot(), prng.int32(gen, 0, 3));
    else if (kind < 80 && live.length > NODES / 2) model.deleteSubtree(nonRoot());
    else if (kind < 90)
      model.addMeasure(any(), { name: 'Measure', target: prng.int32(gen, 1, 100) });
    else model.addTag(any(), prng.word(gen, 3, 8));
  } catch (e) {
    if (!(e instanceof CanopyError)) throw e;
  }
}

export const modelSuite: Suite = {
  name: 'model',
  description: `${NODES}-node tree: build, ${COMMANDS} random commands, encode, load`,
  comparisons: [{ metric: 'build 5000 nodes', baseline: 'plain Yjs build 5000 nodes' }],
  defaultRuns: 3,
  async run() {
    const outline = randomOutline(NODES - 1, 7);
    const { doc, model, ms: buildMs } = build(outline);
    const baselineMs = plainYjsBuild(outline);

    const gen = prng.create(42);
    let start = performance.now();
    for (let i = 0; i < COMMANDS; i++) randomCommand(model, gen);
    const commandsMs = since(start);

    start = performance.now();
    const encoded = Y.encodeStateAsUpdate(doc);
    const encodeMs = since(start);

    start = performance.now();
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, encoded);
    const loadedModel = new CanopyDoc(loaded);
    const nodes = loadedModel.tree().order.length;
    const loadMs = since(start);
    if (nodes !== model.tree().order.length) throw new Error('the loaded document differs');
    model.destroy();
    loadedModel.destroy();

    const out: Measurement[] = [
      { metric: 'build 5000 nodes', unit: 'ms', value: buildMs },
      { metric: 'plain Yjs build 5000 nodes', unit: 'ms', value: baselineMs },
      { metric: `${COMMANDS} random commands`, unit: 'ms', value: commandsMs },
      { metric: 'per command', unit: 'ms', value: commandsMs / COMMANDS },
      { metric: 'encode', unit: 'ms', value: encodeMs },
      { metric: 'load (decode + read the tree)', unit: 'ms', value: loadMs },
      { metric: 'encoded size', unit: 'kB', value: encoded.length / 1024 },
    ];
    return out;
  },
};
