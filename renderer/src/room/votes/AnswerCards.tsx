/**
 * A prompt's revealed answers as cards, in the shuffled order the host wrote them, no
 * author anywhere. The room groups them and turns one into evidence or an assumption
 * on an item, or into a new item under it: one action each, one undo step.
 */
import { useId, useState } from 'react';
import {
  NODE_KIND_LABEL,
  type AnswerCard,
  type AnswerUse,
  type RoundRecord,
} from '../../../../shared/model';
import { useDoc, useDocument, useView } from '../../document/document-context';
import { useTitles } from './ballot-parts';
import './votes-results.css';

const USE_LABEL: Record<AnswerUse, string> = {
  evidence: 'evidence',
  assumption: 'an assumption',
  item: 'a new item',
};

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

export function AnswerCards({ round }: { round: RoundRecord }) {
  const cards = useDoc((s) => s.rounds.cardsByRound.get(round.id)) ?? [];
  const order = useDoc((s) => s.order);
  const nodes = useDoc((s) => s.nodes);
  const rootId = useDoc((s) => s.rootId);
  const selected = useView((s) => s.selected);
  const title = useTitles();
  const id = useId();
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const on =
    target && nodes.has(target) ? target : selected && nodes.has(selected) ? selected : rootId;
  const groups = [...new Set(cards.map((c) => c.group).filter(Boolean))].sort();
  const sections: [string, AnswerCard[]][] = [
    ['', cards.filter((c) => !c.group)],
    ...groups.map((g) => [g, cards.filter((c) => c.group === g)] as [string, AnswerCard[]]),
  ];

  return (
    <div className="vote-cards-wrap">
      <blockquote className="vote-prompt">{round.prompt}</blockquote>
      {cards.length === 0 ? (
        <p className="muted">Nobody answered this prompt.</p>
      ) : (
        <>
          <div className="vote-field">
            <label htmlFor={`${id}-target`}>Use answers on</label>
            <select
              id={`${id}-target`}
              value={on ?? ''}
              onChange={(e) => setTarget(e.target.value)}
            >
              {order.map((n) => (
                <option key={n} value={n}>
                  {NODE_KIND_LABEL[nodes.get(n)!.kind]}: {title(n)}
                </option>
              ))}
            </select>
          </div>
          <datalist id={`${id}-groups`}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          {error && (
            <p className="vote-status is-error" role="alert">
              {error}
            </p>
          )}
          {sections.map(
            ([group, list]) =>
              list.length > 0 && (
                <section key={group} aria-label={group ? `Group: ${group}` : 'Not grouped'}>
                  {(groups.length > 0 || group) && (
                    <h3 className="vote-group">{group || 'Not grouped yet'}</h3>
                  )}
                  <ul className="vote-cards">
                    {list.map((card) => (
                      <Card
                        key={card.id}
                        card={card}
                        target={on}
                        groupsId={`${id}-groups`}
                        onError={setError}
                      />
                    ))}
                  </ul>
                </section>
              ),
          )}
        </>
      )}
    </div>
  );
}

function Card({
  card,
  target,
  groupsId,
  onError,
}: {
  card: AnswerCard;
  target: string | null;
  groupsId: string;
  onError(message: string | null): void;
}) {
  const { model } = useDocument();
  const title = useTitles();
  const [group, setGroup] = useState(card.group);
  const attempt = (run: () => void) => {
    try {
      run();
      onError(null);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  const saveGroup = () => {
    if (group.trim() !== card.group) attempt(() => model.groupAnswer(card.id, group));
  };
  const use = (as: AnswerUse) => attempt(() => target && model.useAnswer(card.id, as, target));
  const name = short(card.text);
  return (
    <li className={`vote-card${card.used ? ' is-used' : ''}`}>
      <p className="vote-card-text">{card.text}</p>
      <div className="vote-card-actions">
        <input
          className="vote-card-group"
          list={groupsId}
          placeholder="Group"
          aria-label={`Group of “${name}”`}
          value={group}
          maxLength={60}
          onChange={(e) => setGroup(e.target.value)}
          onBlur={saveGroup}
          onKeyDown={(e) => e.key === 'Enter' && saveGroup()}
        />
        {card.used ? (
          <span className="muted">
            Became {USE_LABEL[card.used.as]}
            {card.used.as === 'item'
              ? `: ${title(card.used.nodeId)}`
              : ` on ${title(card.used.nodeId)}`}
          </span>
        ) : (
          target && (
            <>
              <button
                type="button"
                aria-label={`Turn “${name}” into evidence on ${title(target)}`}
                onClick={() => use('evidence')}
              >
                Evidence
              </button>
              <button
                type="button"
                aria-label={`Turn “${name}” into an assumption on ${title(target)}`}
                onClick={() => use('assumption')}
              >
                Assumption
              </button>
              <button
                type="button"
                aria-label={`Turn “${name}” into a new item under ${title(target)}`}
                onClick={() => use('item')}
              >
                New item
              </button>
            </>
          )
        )}
      </div>
    </li>
  );
}
