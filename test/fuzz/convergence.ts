/**
 * Seeded randomized convergence runs, in the style of Yjs's own suites: several
 * replicas apply random commands (moves under each other, deletes, edits, undo)
 * while the network delivers updates in random order, partitions and heals. At the
 * end every replica must show the identical tree and every invariant must hold.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc, CanopyError, isCardKind, templateById } from '../../shared/model';

export interface ConvergenceOptions {
  seed: number;
  replicas?: number;
  steps?: number;
  /** Also move cards and edit columns on the board. */
  board?: boolean;
}

export interface ConvergenceResult {
  seed: number;
  commands: number;
  refused: number;
  deliveries: number;
  partitions: number;
  nodes: number;
  /** Empty when every replica agrees and every invariant holds. */
  failures: string[];
}

interface Replica {
  doc: Y.Doc;
  model: CanopyDoc;
  online: boolean;
  inbox: Uint8Array[];
}

const REMOTE = { source: 'remote' as const };

export function runConvergence(options: ConvergenceOptions): ConvergenceResult {
  const { seed, replicas: count = 5, steps = 40 } = options;
  const gen = prng.create(seed);
  // Board commands draw from their own generator, so turning them on leaves the tree
  // commands of a seed (and the pinned regression seeds) exactly as they were.
  const boardGen = options.board ? prng.create(seed ^ 0x5eed) : null;
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    doc.clientID = i + 1; // deterministic client ids make a seed reproducible
    const replica: Replica = {
      doc,
      model: new CanopyDoc(doc, { actor: `peer${i}` }),
      online: true,
      inbox: [],
    };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (const other of replicas) if (other !== replica) other.inbox.push(update);
    });
    replicas.push(replica);
  }
  const template = templateById('example');
  replicas[0]!.model.initialise({ title: template.title, vision: template.vision });
  deliverAll(replicas, gen, true);

  let commands = 0;
  let refused = 0;
  let deliveries = 0;
  let partitions = 0;
  for (let step = 0; step < steps; step++) {
    const roll = prng.int32(gen, 0, 99);
    if (roll < 60) {
      const r = prng.oneOf(gen, replicas);
      commands++;
      try {
        randomCommand(r.model, gen);
      } catch (e) {
        if (!(e instanceof CanopyError)) throw e;
        refused++;
      }
      if (boardGen && prng.bool(boardGen)) {
        commands++;
        try {
          randomBoardCommand(r.model, boardGen);
        } catch (e) {
          if (!(e instanceof CanopyError)) throw e;
          refused++;
        }
      }
    } else if (roll < 90) {
      deliveries += deliverSome(replicas, gen);
    } else {
      const r = prng.oneOf(gen, replicas);
      r.online = !r.online;
      if (!r.online) partitions++;
    }
  }
  for (const r of replicas) r.online = true;
  deliveries += deliverAll(replicas, gen, prng.bool(gen));

  const failures = checkConverged(replicas);
  const nodes = replicas[0]!.model.tree().order.length;
  for (const r of replicas) r.model.destroy();
  return { seed, commands, refused, deliveries, partitions, nodes, failures };
}

/** Delivers a random subset of pending updates, in random order, between online peers. */
function deliverSome(replicas: Replica[], gen: prng.PRNG): number {
  let n = 0;
  for (const r of replicas) {
    if (!r.online || r.inbox.length === 0) continue;
    const take = prng.int32(gen, 0, r.inbox.length);
    for (let i = 0; i < take; i++) {
      const index = prng.int32(gen, 0, r.inbox.length - 1);
      const [update] = r.inbox.splice(index, 1);
      Y.applyUpdate(r.doc, update!, REMOTE);
      n++;
    }
  }
  return n;
}

/**
 * Heals the network: every queued update arrives, in random order (or not at all),
 * then peers exchange state vectors and send each other only what is missing, as
 * every Yjs provider does on reconnect (y-protocols sync steps 1 and 2).
 *
 * The state-vector round is not optional: Yjs 13.6 can leave structs pending after
 * receiving every update in certain out-of-order sequences (seed 100358 with five
 * replicas); re-sending from the state vector completes them. The LAN sync runs
 * this exchange on every (re)connection.
 */
function deliverAll(replicas: Replica[], gen: prng.PRNG, dropQueued: boolean): number {
  let n = 0;
  if (dropQueued) for (const r of replicas) r.inbox.length = 0;
  while (replicas.some((r) => r.inbox.length > 0)) n += deliverSome(replicas, gen);
  for (let round = 0; round < 2; round++) {
    for (const a of replicas) {
      for (const b of replicas) {
        if (a === b) continue;
        Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), REMOTE);
        n++;
      }
    }
  }
  return n;
}

function randomCommand(model: CanopyDoc, gen: prng.PRNG): void {
  const tree = model.tree();
  const live = tree.order;
  const any = () => prng.oneOf(gen, live);
  const nonRoot = () => (live.length > 1 ? live[prng.int32(gen, 1, live.length - 1)]! : any());
  const kind = prng.int32(gen, 0, 99);
  if (kind < 30) {
    model.moveNode(nonRoot(), any(), prng.int32(gen, 0, 4));
  } else if (kind < 40) {
    const id = nonRoot();
    model.reorderNode(id, prng.int32(gen, 0, 4));
  } else if (kind < 55) {
    model.addNode(any(), { title: prng.word(gen, 1, 8), index: prng.int32(gen, 0, 3) });
  } else if (kind < 63) {
    model.deleteSubtree(nonRoot());
  } else if (kind < 73) {
    model.updateNode(any(), { title: prng.word(gen, 0, 10), owner: prng.word(gen, 0, 5) });
  } else if (kind < 78) {
    model.addMeasure(any(), { name: prng.word(gen, 1, 6), target: prng.int32(gen, 0, 100) });
  } else if (kind < 82) {
    const node = model.node(any());
    const m = node?.measures[0];
    if (node && m) model.updateMeasure(node.id, m.id, { current: prng.int32(gen, 0, 100) });
  } else if (kind < 85) {
    const node = model.node(any());
    const m = node?.measures[0];
    if (node && m) model.removeMeasure(node.id, m.id);
  } else if (kind < 88) {
    model.addAssumption(any(), { text: prng.word(gen, 1, 10), risk: 'high' });
  } else if (kind < 91) {
    model.addTag(any(), prng.word(gen, 1, 5));
  } else if (kind < 96) {
    model.undoManager.stopCapturing();
    model.undoManager.undo();
  } else {
    model.undoManager.redo();
  }
}

/** Card moves, column edits, evidence and decisions, as people make them in a workshop. */
function randomBoardCommand(model: CanopyDoc, gen: prng.PRNG): void {
  const columns = model.board().columns;
  const column = () => prng.oneOf(gen, columns).id;
  const cards = model.tree().order.filter((id) => isCardKind(model.node(id)!.kind));
  const kind = prng.int32(gen, 0, 119);
  if (kind >= 100) {
    if (!cards.length) return;
    const card = prng.oneOf(gen, cards);
    if (kind < 108)
      model.addEvidence(card, {
        summary: prng.word(gen, 1, 12),
        stance: prng.oneOf(gen, ['supports', 'contradicts', 'inconclusive'] as const),
      });
    else if (kind < 113) model.requestDecision(card, { decider: prng.word(gen, 1, 6) });
    else
      model.recordDecision(card, {
        outcome: prng.oneOf(gen, ['persevere', 'pivot', 'stop', 'scale'] as const),
        learning: prng.word(gen, 1, 10),
        // A stop that also stops the work under the card, in the same transaction.
        stopLiveBelow: prng.int32(gen, 0, 3) === 0,
      });
  } else if (kind < 70) {
    if (cards.length) model.moveCard(prng.oneOf(gen, cards), column());
  } else if (kind < 75) {
    model.updateColumn(column(), { wipLimit: prng.int32(gen, 1, 5) });
  } else if (kind < 80) {
    // Renames of the tree and of columns (single values), some from a stale editor,
    // and answers to the notices they leave.
    const conflict = model.renameConflicts()[0];
    if (conflict && prng.bool(gen))
      model.resolveRename(conflict.key, prng.bool(gen) ? 'mine' : 'theirs');
    else
      model.rename(
        prng.bool(gen) ? { kind: 'tree' } : { kind: 'column', id: column() },
        prng.word(gen, 1, 8),
        prng.bool(gen) ? {} : { base: 'Analyzing' },
      );
  } else if (kind < 88) {
    model.moveColumn(column(), prng.int32(gen, 0, columns.length));
  } else if (kind < 94) {
    model.addColumn(prng.word(gen, 1, 8));
  } else {
    model.removeColumn(column());
  }
}

/** A replica's visible tree as comparable text. */
export function describeTree(model: CanopyDoc): string {
  const tree = model.tree();
  return tree.order
    .map((id) => {
      const n = model.node(id)!;
      const card = isCardKind(n.kind) ? ` c:${model.cardColumn(id).id}` : '';
      return `${'  '.repeat(tree.depthOf.get(id)!)}${id} ${n.kind} ${JSON.stringify(n.title)} m${n.measures.length} a${n.assumptions.length} t${n.tags.join(',')}${card}`;
    })
    .concat(
      `columns: ${model
        .board()
        .columns.map((c) => `${c.id}:${c.name}:${c.wipLimit}`)
        .join(' ')}`,
    )
    .join('\n');
}

export function checkInvariants(model: CanopyDoc): string[] {
  const failures: string[] = [];
  const tree = model.tree();
  const rootId = model.meta.rootId;
  if (!rootId || tree.order[0] !== rootId) failures.push('the root is not first');
  const seen = new Set<string>();
  for (const id of tree.order) {
    if (seen.has(id)) failures.push(`node ${id} appears twice`);
    seen.add(id);
    // No cycles: every node reaches the root within n steps.
    let cur: string | undefined = id;
    let hops = 0;
    while (cur !== undefined && cur !== rootId && hops <= tree.order.length) {
      cur = tree.parentOf.get(cur);
      hops++;
    }
    if (cur !== rootId) failures.push(`node ${id} does not reach the root`);
  }
  // No lost nodes: every readable node that is not deleted is in the tree.
  for (const id of allNodeIds(model)) {
    const n = model.node(id);
    if (!n) {
      failures.push(
        `node ${id} is in the document but unreadable: ${JSON.stringify(model.ydoc.getMap<Y.Map<unknown>>('nodes').get(id)?.toJSON())}`,
      );
      continue;
    }
    if (n.deleted === null && !seen.has(id))
      failures.push(`live node ${id} is missing from the tree`);
    if (n.deleted !== null && seen.has(id) && id !== rootId)
      failures.push(`deleted node ${id} is shown`);
  }
  if (model.issues().length) failures.push(`read issues: ${JSON.stringify(model.issues())}`);
  return failures;
}

function allNodeIds(model: CanopyDoc): string[] {
  return [...model.ydoc.getMap('nodes').keys()];
}

function checkConverged(replicas: Replica[]): string[] {
  const failures: string[] = [];
  const reference = describeTree(replicas[0]!.model);
  const referenceState = canonicalJson(replicas[0]!.doc.toJSON());
  replicas.forEach((r, i) => {
    for (const f of checkInvariants(r.model)) failures.push(`replica ${i}: ${f}`);
    if (canonicalJson(r.doc.toJSON()) !== referenceState)
      failures.push(`replica ${i}: Yjs state differs`);
    const tree = describeTree(r.model);
    if (tree !== reference)
      failures.push(
        `replica ${i}: tree differs\n--- replica 0\n${reference}\n--- replica ${i}\n${tree}`,
      );
  });
  return failures;
}

/** JSON with sorted keys: Y.Map iteration order is local integration order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
