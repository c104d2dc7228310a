import type { ReactNode } from 'react';
import { useApp } from '../state/app-store';

const THEME_LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;

export function TopBar({ title, children }: { title: ReactNode; children?: ReactNode }) {
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
        {title}
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
