/** What the tree commands take: a patch of a node's fields, a new node, an outline. */
import type { Assumption, Hypothesis, Measure, NodeKind } from '../schema';

export interface NodePatch {
  title?: string;
  description?: string;
  owner?: string;
  kind?: NodeKind;
  confidence?: number | null;
  investment?: string;
  hypothesis?: Partial<Hypothesis>;
}

export interface NewNode {
  kind?: NodeKind;
  title?: string;
  /** Position among the parent's children; appended when omitted. */
  index?: number;
}

/** A subtree to insert at once: templates, pasted outlines. */
export interface OutlineItem extends NodePatch {
  title: string;
  tags?: string[];
  /** Ids are kept only by `initialise({ keepIds })`: a lossless file's new document. */
  measures?: Array<Partial<Measure>>;
  assumptions?: Array<Partial<Assumption>>;
  children?: OutlineItem[];
  id?: string;
  /** Kept from a lossless file; a new item is made now, by this replica's actor. */
  createdAt?: number;
  createdBy?: string;
  editedAt?: number;
}
