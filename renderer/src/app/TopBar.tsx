import type { ReactNode } from 'react';
import { useApp } from './app-store';

const THEME_LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;

/**
 * The bar on top of every screen. Every page has one h1: a string title is it
 * (visible); a screen whose bar holds controls (a name field, tabs) passes `heading`,
 * kept for screen readers and the page outline.
 */
export function TopBar({
  title,
  heading,
  children,
}: {
  title: ReactNode;
  /** The page's h1 when `title` is not plain text. */
  heading?: string;
  children?: ReactNode;
}) {
  const theme = useApp((s) => s.theme);
  const cycleTheme = useApp((s) => s.cycleTheme);
  const setShortcutsOpen = useApp((s) => s.setShortcutsOpen);
  return (
    <header className="topbar" data-pane="top bar">
      <div className="topbar-title">
        <svg className="logo" viewBox="0 0 32 32" aria-hidden="true">
          <circle cx="10" cy="13" r="7" />
          <circle cx="22" cy="13" r="7" />
          <circle cx="16" cy="8" r="7" />
          <rect x="14.5" y="15" width="3" height="13" rx="1.5" />
        </svg>
        {typeof title === 'string' ? <h1 className="topbar-h1">{title}</h1> : title}
        {heading && <h1 className="visually-hidden">{heading}</h1>}
      </div>
      <div className="topbar-actions">
        {children}
        <button
          type="button"
          className="ghost"
          onClick={() => setShortcutsOpen(true)}
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
        <button
          type="button"
          className="ghost"
          onClick={cycleTheme}
          aria-label={`${THEME_LABEL[theme]} (change theme)`}
        >
          {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
        </button>
      </div>
    </header>
  );
}
