/**
 * An open document: its Y.Doc, loaded from local storage, kept in step with other
 * tabs, migrated if it is older, and wrapped in the typed model.
 */
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CanopyDoc, localOrigin, type OutlineItem } from '../../../shared/model';
import { writeRecords, type TreeRecords } from '../../../shared/model/snapshot';
import { followInRegistry, type RegistryFollower } from '../services/registry-sync';
import type { DocPersistence, DocumentStorage } from './document-storage';
import { TabSync } from './tab-sync';

export class DocSession {
  /** Presence while this document is open: who is here and what they point at. */
  readonly awareness: Awareness;

  private constructor(
    readonly id: string,
    readonly model: CanopyDoc,
    private readonly persistence: DocPersistence,
    private readonly tabs: TabSync,
    private readonly registry: RegistryFollower,
  ) {
    this.awareness = new Awareness(model.ydoc);
  }

  /**
   * Opens a document. The registry (the home screen's list) follows its title and
   * private mark from here on; `create` makes its entry, for a document being made.
   */
  static async open(
    storage: DocumentStorage,
    id: string,
    actor: string,
    { create = false }: { create?: boolean } = {},
  ): Promise<DocSession> {
    const ydoc = new Y.Doc();
    // Attach storage to the still-empty doc first: see tidy-updates.ts.
    performance.mark('canopy:load-start');
    performance.measure('canopy:boot', undefined, 'canopy:load-start');
    const persistence = await storage.attach(id, ydoc);
    performance.measure('canopy:storage', 'canopy:load-start');
    const tabs = new TabSync(id, ydoc);
    performance.mark('canopy:model-start');
    const model = new CanopyDoc(ydoc, { actor, origin: localOrigin('user') });
    model.tree();
    performance.measure('canopy:model', 'canopy:model-start');
    if (model.schema === 'older') model.migrate();
    const registry = followInRegistry(storage, id, model, { create });
    return new DocSession(id, model, persistence, tabs, registry);
  }

  /** Creates a document from a template (its registry entry follows when it closes). */
  static async create(
    storage: DocumentStorage,
    options: {
      id: string;
      title: string;
      vision: OutlineItem;
      actor: string;
      private?: boolean;
      /** A lossless file's records: its ids are kept (see shared/files/tree-json.ts). */
      records?: TreeRecords;
      createdAt?: number;
    },
  ): Promise<DocSession> {
    const session = await DocSession.open(storage, options.id, options.actor, { create: true });
    // The same steps as initialiseImported (shared/files/tree-io.ts), which tests use.
    session.model.initialise({
      id: options.id,
      title: options.title,
      vision: options.vision,
      private: options.private,
      createdAt: options.createdAt,
      keepIds: options.records !== undefined,
    });
    if (options.records) writeRecords(session.model.ydoc, options.records);
    return session;
  }

  async close(): Promise<void> {
    await this.registry.stop();
    this.awareness.destroy();
    this.tabs.destroy();
    this.model.destroy();
    await this.persistence.close();
    this.model.ydoc.destroy();
  }
}
