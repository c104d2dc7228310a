import { useId, useState } from 'react';
import { LIMITS } from '../../../../shared/model';
import { useModel } from '../../document/document-context';
import type { SectionProps } from './EvidenceSection';

type Run = (fn: () => void) => boolean;

/** An item's tags: removed one by one, added with Enter or a comma (pasted lists too). */
export function TagsField({ node, readOnly, run }: SectionProps & { run: Run }) {
  const model = useModel();
  const [text, setText] = useState('');
  const inputId = useId();
  const full = node.tags.length >= LIMITS.tags;
  const add = (raw: string[]) => {
    for (const tag of raw.map((t) => t.trim()).filter(Boolean)) {
      if (!node.tags.includes(tag) && !run(() => model.addTag(node.id, tag))) return;
    }
  };
  return (
    <div className="details-field">
      {readOnly ? (
        <span className="details-label">Tags</span>
      ) : (
        <label htmlFor={inputId}>Tags</label>
      )}
      {node.tags.length > 0 ? (
        <ul className="details-tags" aria-label="Tags">
          {node.tags.map((tag) => (
            <li key={tag} className="details-tag">
              <span>{tag}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="details-tag-remove"
                  aria-label={`Remove tag ${tag}`}
                  onClick={() => run(() => model.removeTag(node.id, tag))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        readOnly && <p className="muted details-none">No tags</p>
      )}
      {!readOnly && (
        <input
          id={inputId}
          type="text"
          aria-label="Add tag"
          value={text}
          maxLength={LIMITS.tag * 4}
          disabled={full}
          placeholder={full ? `At most ${LIMITS.tags} tags` : 'Add a tag, then Enter or comma'}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (!value.includes(',')) return setText(value);
            // Typed or pasted commas: every complete piece becomes a tag.
            const parts = value.split(',');
            add(parts.slice(0, -1));
            setText(parts[parts.length - 1]!);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              add([text]);
              setText('');
            }
          }}
        />
      )}
    </div>
  );
}
