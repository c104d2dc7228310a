/**
 * Keeps copies of one document in several tabs or windows of this machine in step,
 * over a BroadcastChannel (same origin only; nothing leaves the machine). Messages
 * are Yjs updates and state vectors; anything else on the channel is ignored.
 */
import * as Y from 'yjs';
import type { TaggedOrigin } from '../../../shared/model';

type Message =
  | { type: 'update'; update: Uint8Array }
  | { type: 'hello'; stateVector: Uint8Array; answer: boolean }
  | { type: 'reply'; to: string; update: Uint8Array };

const TAB_ORIGIN: TaggedOrigin = Object.freeze({ source: 'remote', detail: 'tab' });

export class TabSync {
  private readonly channel: BroadcastChannel;
  private readonly tabId = Math.random().toString(36).slice(2);

  constructor(
    docId: string,
    private readonly doc: Y.Doc,
  ) {
    this.channel = new BroadcastChannel(`canopy-doc-${docId}`);
    this.channel.onmessage = (e: MessageEvent) => this.receive(e.data);
    doc.on('update', this.onUpdate);
    // Ask the other tabs for what we miss, and offer what they miss.
    this.post({ type: 'hello', stateVector: Y.encodeStateVector(doc), answer: true });
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.channel.close();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== TAB_ORIGIN) this.post({ type: 'update', update });
  };

  private post(message: Message & { from?: string }): void {
    this.channel.postMessage({ ...message, from: this.tabId });
  }

  private receive(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    const m = data as Partial<Message> & { from?: string; to?: string };
    try {
      if (m.type === 'update' && m.update instanceof Uint8Array) {
        Y.applyUpdate(this.doc, m.update, TAB_ORIGIN);
      } else if (
        m.type === 'hello' &&
        m.stateVector instanceof Uint8Array &&
        typeof m.from === 'string'
      ) {
        this.post({
          type: 'reply',
          to: m.from,
          update: Y.encodeStateAsUpdate(this.doc, m.stateVector),
        });
        // They may have what we lack too; `answer: false` stops the exchange there.
        if (m.answer === true)
          this.post({ type: 'hello', stateVector: Y.encodeStateVector(this.doc), answer: false });
      } else if (m.type === 'reply' && m.to === this.tabId && m.update instanceof Uint8Array) {
        Y.applyUpdate(this.doc, m.update, TAB_ORIGIN);
      }
    } catch (error) {
      console.warn('Canopy: ignored an unreadable message from another tab', error);
    }
  }
}
