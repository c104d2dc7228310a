/** Whether the element takes typed text: there, keys and the clipboard are its own. */
export const isEditable = (el: Element | null): boolean =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLElement && el.isContentEditable);
