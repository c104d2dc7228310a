/**
 * A context menu (WAI-ARIA menu pattern): opened at a point, the first item has the
 * keyboard; ↑ ↓ Home End move, Enter or Space runs an item, Escape or Tab closes it,
 * and so does a click anywhere else. Whoever opens it puts the keyboard back.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import './context-menu.css';

export interface ContextMenuItem {
  key: string;
  label: string;
  /** The shortcut, as the platform writes it. */
  shortcut?: string;
  /** Starts a new section (a line above it). */
  section?: boolean;
  danger?: boolean;
}

interface Props {
  label: string;
  items: readonly ContextMenuItem[];
  x: number;
  y: number;
  onSelect(key: string): void;
  onClose(): void;
}

const MARGIN = 8;

export function ContextMenu({ label, items, x, y, onSelect, onClose }: Props) {
  const menu = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: x, top: y });

  // Inside the window, whatever the point: flipped left or up near an edge.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const left = x + width + MARGIN > innerWidth ? Math.max(MARGIN, x - width) : x;
    const top = y + height + MARGIN > innerHeight ? Math.max(MARGIN, y - height) : y;
    setPlace({ left, top });
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [x, y]);

  // A press anywhere else closes it (the press still does what it does there).
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !menu.current?.contains(e.target)) onClose();
    };
    const onBlur = () => onClose();
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('blur', onBlur);
    };
  }, [onClose]);

  const move = (e: React.KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const to: Record<string, number> = {
      ArrowDown: (at + 1) % all.length,
      ArrowUp: (at - 1 + all.length) % all.length,
      Home: 0,
      End: all.length - 1,
    };
    if (e.key in to) all[to[e.key]!]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      className="context-menu"
      style={{ left: place.left, top: place.top }}
      onKeyDown={move}
    >
      {items.map((item) => (
        <div
          key={item.key}
          role="menuitem"
          tabIndex={-1}
          className={`context-menu-item${item.section ? ' section' : ''}${item.danger ? ' danger' : ''}`}
          onClick={() => onSelect(item.key)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' && e.key !== ' ') return;
            e.preventDefault();
            e.stopPropagation();
            onSelect(item.key);
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd aria-hidden="true">{item.shortcut}</kbd>}
        </div>
      ))}
    </div>
  );
}
