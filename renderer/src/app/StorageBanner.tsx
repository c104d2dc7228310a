/** Says at once when this computer has no room to save, and saves again on request. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useApp } from './app-store';
import { saveAgain, storageHealth } from '../storage/storage-health';

export function StorageBanner() {
  const full = useStore(storageHealth, (s) => s.full);
  const showToast = useApp((s) => s.showToast);
  const [trying, setTrying] = useState(false);
  const [stillFull, setStillFull] = useState(false);

  // Closing the window now would lose what is not on disk: ask first.
  useEffect(() => {
    if (!full) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [full]);

  if (!full) return null;
  return (
    <div role="alert" className="banner banner-warning storage-banner">
      <p>
        <strong>Canopy cannot save on this computer: its storage is full.</strong> Your latest
        changes are safe in this window (and with the workshop, if you are in one) but not yet on
        this computer. Free some disk space, then choose Save again. To keep a copy right now, use
        File → Save as a file.
        {stillFull && ' Still no room: free more space and try again.'}
      </p>
      <button
        type="button"
        className="primary"
        disabled={trying}
        onClick={() => {
          setTrying(true);
          void saveAgain().then((ok) => {
            setTrying(false);
            setStillFull(!ok);
            if (ok)
              showToast({
                message: 'Saved: everything is on this computer again.',
                timeoutMs: 5000,
              });
          });
        }}
      >
        {trying ? 'Saving…' : 'Save again'}
      </button>
    </div>
  );
}
