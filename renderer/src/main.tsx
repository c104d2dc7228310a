import './app/app.css';
import './widgets/widgets.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectPlatform } from './platform';
import { purgeLeftoverTrash } from './services/trash';
import { App } from './app/App';
import { PlatformContext } from './app/PlatformContext';

const platform = detectPlatform();

// Deletions whose undo window closed with the app are finished now.
void purgeLeftoverTrash(platform.storage);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PlatformContext.Provider value={platform}>
      <App />
    </PlatformContext.Provider>
  </StrictMode>,
);
