import { useEffect, useRef } from 'react';
import { useDoc, useModel } from './document-context';

/** The tree's name in the top bar: renamed in place, Enter keeps it, Escape leaves it. */
export function DocTitle() {
  const model = useModel();
  const title = useDoc((s) => s.meta.title);
  const readOnly = useDoc((s) => s.readOnly);
  const input = useRef<HTMLInputElement>(null);
  const base = useRef(title);
  useEffect(() => {
    if (input.current && document.activeElement !== input.current) input.current.value = title;
  }, [title]);
  const commit = () => {
    const value = input.current?.value.trim() ?? '';
    // Not taken (renamed meanwhile: the notice says so) or nothing to do: show the name.
    const renamed =
      value !== '' &&
      value !== title &&
      model.rename({ kind: 'tree' }, value, { base: base.current }) === null;
    if (!renamed && input.current) input.current.value = title;
  };
  return (
    <input
      ref={input}
      className="doc-name"
      aria-label="Tree name"
      // The name may be cut short in a narrow top bar: all of it on hover.
      title={title}
      defaultValue={title}
      readOnly={readOnly}
      maxLength={200}
      onFocus={() => (base.current = title)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.currentTarget.value = title;
          e.currentTarget.blur();
        }
      }}
    />
  );
}
