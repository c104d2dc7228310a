/**
 * Home-screen actions on whole documents. Each opens the document where it must
 * (to rename or copy its Yjs state) and closes it again.
 */
import * as Y from 'yjs';
import { newId, templateById, type TemplateId } from '../../../shared/model';
import type { DocumentStorage } from '../storage/document-storage';
import { DocSession } from '../storage/doc-session';
import { localName } from '../workshop/presence';

/** Recorded as the author of changes: the name people see in presence. */
export const actorName = localName;

export async function createFromTemplate(
  storage: DocumentStorage,
  templateId: TemplateId,
): Promise<string> {
  const template = templateById(templateId);
  const id = newId();
  const session = await DocSession.create(storage, {
    id,
    title: template.title,
    vision: template.vision,
    actor: actorName(),
  });
  await session.close();
  return id;
}

/** A private draft: kept on this machine, never shared; its items can be proposed to a tree. */
export async function createDraft(storage: DocumentStorage): Promise<string> {
  const id = newId();
  const session = await DocSession.create(storage, {
    id,
    title: 'Untitled draft',
    vision: { title: 'Draft ideas' },
    actor: actorName(),
    private: true,
  });
  await session.close();
  return id;
}

export async function renameDocument(
  storage: DocumentStorage,
  id: string,
  title: string,
): Promise<void> {
  const clean = title.trim();
  if (!clean) return;
  const session = await DocSession.open(storage, id, actorName());
  try {
    // The registry follows the document's new title (services/registry-sync.ts).
    if (!session.model.readOnly) session.model.renameDocument(clean);
  } finally {
    await session.close();
  }
}

export async function duplicateDocument(storage: DocumentStorage, id: string): Promise<string> {
  const source = await DocSession.open(storage, id, actorName());
  const state = Y.encodeStateAsUpdate(source.model.ydoc);
  const title = `Copy of ${source.model.meta.title || 'Untitled tree'}`;
  await source.close();
  return newDocumentFromState(storage, state, title);
}

/**
 * A new document holding a copy of a state (a duplicate, a restored snapshot): a
 * document of its own, with a new identity and the given title.
 */
export async function newDocumentFromState(
  storage: DocumentStorage,
  state: Uint8Array,
  title: string,
): Promise<string> {
  const id = newId();
  const clean = title.slice(0, 200);
  const copy = await DocSession.open(storage, id, actorName(), { create: true });
  Y.applyUpdate(copy.model.ydoc, state);
  copy.model.ydoc.transact(() => {
    const meta = copy.model.ydoc.getMap('meta');
    meta.set('id', id);
    meta.set('title', clean);
  });
  // Its entry in the registry follows its title, and its private mark: a copy of a
  // draft is a draft (the mark is in the state it was copied from).
  await copy.close();
  return id;
}

/** A snapshot made a document of its own again (titled after the tree and the snapshot). */
export function restoreSnapshot(
  storage: DocumentStorage,
  snapshot: { name: string; update: Uint8Array },
  treeTitle: string,
): Promise<string> {
  return newDocumentFromState(
    storage,
    snapshot.update,
    `${treeTitle || 'Untitled tree'} (${snapshot.name})`,
  );
}
