/** The example tree as a .canopy file, for the container tests. */
import * as Y from 'yjs';
import { writeCanopyFile, type FileHeader } from '../../../shared/files/container';
import { CanopyDoc, SCHEMA_VERSION, templateById } from '../../../shared/model';

export function example() {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  const template = templateById('example');
  model.initialise({ id: 'doc-1', title: template.title, vision: template.vision });
  const header: FileHeader = {
    docId: 'doc-1',
    title: template.title,
    schemaVersion: SCHEMA_VERSION,
    createdAt: 1,
    savedAt: 2,
    app: 'Canopy test',
  };
  return { doc, model, header, bytes: writeCanopyFile(header, Y.encodeStateAsUpdate(doc)) };
}
