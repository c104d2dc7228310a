import { useEffect } from 'react';
import { useApp } from './app-store';
import { createFromTemplate } from '../services/documents';
import { DocumentScreen } from '../document/DocumentScreen';
import { FileOpener } from '../files/FileOpener';
import { SnapshotScreen } from '../history/SnapshotScreen';
import { HomeScreen } from '../home/HomeScreen';
import { usePlatform } from './PlatformContext';
import { ShortcutSheet } from './ShortcutSheet';
import { StorageBanner } from './StorageBanner';
import { Toasts } from '../widgets/Toasts';
import { useJoinedDocument } from '../workshop/useJoinedDocument';

function useThemeAttribute() {
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () =>
      (document.documentElement.dataset.theme =
        theme === 'system' ? (media.matches ? 'dark' : 'light') : theme);
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function App() {
  const platform = usePlatform();
  const route = useApp((s) => s.route);
  useThemeAttribute();
  useJoinedDocument();

  useEffect(
    () =>
      platform.onCommand((command) => {
        const app = useApp.getState();
        if (command === 'go-home') app.navigate({ screen: 'home' });
        if (command === 'toggle-theme') app.cycleTheme();
        if (command === 'show-shortcuts') app.setShortcutsOpen(true);
        if (command === 'new-document')
          void createFromTemplate(platform.storage, 'blank').then((id) =>
            app.navigate({ screen: 'doc', id }),
          );
      }),
    [platform],
  );

  // '?' opens the shortcut sheet anywhere outside a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '?' && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement)) {
        useApp.getState().setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <StorageBanner />
      {route.screen === 'home' ? (
        <HomeScreen />
      ) : route.screen === 'snapshot' ? (
        <SnapshotScreen key={route.snapshot} id={route.id} snapshotId={route.snapshot} />
      ) : (
        <DocumentScreen key={route.id} id={route.id} />
      )}
      <FileOpener />
      <Toasts />
      <ShortcutSheet />
    </>
  );
}
