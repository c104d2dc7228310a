/**
 * Save and export the open document: a small menu in the document's top bar, made of
 * the registry's page File commands (files/file-commands.ts).
 */
import { useRef } from 'react';
import { usePlatform } from '../app/PlatformContext';
import { commandContext, registry, useCommandHost } from '../commands/context';
import './files.css';

export function FileMenu() {
  const platform = usePlatform();
  const menu = useRef<HTMLDetailsElement>(null);
  // Built again when the document's screen hands its actions over.
  useCommandHost((s) => s.doc);
  const ctx = commandContext(platform, null);
  const commands = registry.applicable(ctx).filter((c) => c.pageMenu);
  return (
    <details
      ref={menu}
      className="file-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') menu.current?.removeAttribute('open');
      }}
    >
      <summary>File</summary>
      <div role="menu" aria-label="File" className="file-menu-items">
        {commands.map((command) => (
          <button
            key={command.id}
            type="button"
            role="menuitem"
            onClick={() => {
              menu.current?.removeAttribute('open');
              registry.run(command.id, commandContext(platform, null));
            }}
          >
            <span>{command.label}</span>
            <span className="muted">{command.description}</span>
          </button>
        ))}
      </div>
    </details>
  );
}
