import { useEffect } from 'react';
import { useApp } from './app-store';
import { CommandHost } from '../commands/CommandHost';
import { DocumentScreen } from '../document/DocumentScreen';
import { FileOpener } from '../files/FileOpener';
import { SnapshotScreen } from '../history/SnapshotScreen';
import { HomeScreen } from '../home/HomeScreen';
import { ProjectorScreen } from '../room/ProjectorScreen';
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
  const route = useApp((s) => s.route);
  useThemeAttribute();
  useJoinedDocument();

  return (
    <>
      <StorageBanner />
      {route.screen === 'home' ? (
        <HomeScreen />
      ) : route.screen === 'projector' ? (
        <ProjectorScreen key={route.id} id={route.id} />
      ) : route.screen === 'snapshot' ? (
        <SnapshotScreen key={route.snapshot} id={route.id} snapshotId={route.snapshot} />
      ) : (
        <DocumentScreen key={route.id} id={route.id} />
      )}
      <FileOpener />
      <Toasts />
      <ShortcutSheet />
      <CommandHost />
    </>
  );
}
