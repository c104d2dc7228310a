/**
 * The agenda, edited by hand or started from a template: each step's title, time
 * box, view and instructions. A field is written when it is left (one write per
 * change, not per key), so what others see is never half a word.
 */
import { useState } from 'react';
import {
  AGENDA_TEMPLATES,
  agendaTemplateById,
  STEP_VIEWS,
  type AgendaStep,
  type AgendaTemplateId,
} from '../../../shared/model';
import { TAB_LABEL } from '../document/ViewTabs';
import { useDoc, useDocument } from '../document/document-context';

export function AgendaEditor({ onError }: { onError(message: string): void }) {
  const { model } = useDocument();
  const agenda = useDoc((s) => s.workshop.agenda);
  const current = useDoc((s) => s.workshop.current);
  const [template, setTemplate] = useState<AgendaTemplateId>('lvt-workshop');

  const write = (steps: AgendaStep[]) => {
    try {
      model.setAgenda(steps);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  const patch = (index: number, change: Partial<AgendaStep>) =>
    write(agenda.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const move = (index: number, by: number) => {
    const next = [...agenda];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step!);
    write(next);
  };

  return (
    <div className="agenda-editor">
      <div className="agenda-template">
        <label>
          Template
          <select
            value={template}
            onChange={(e) => setTemplate(e.target.value as AgendaTemplateId)}
          >
            {AGENDA_TEMPLATES.map((id) => (
              <option key={id} value={id}>
                {agendaTemplateById(id).name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => model.applyAgendaTemplate(template)}>
          {agenda.length ? 'Replace the agenda' : 'Use this template'}
        </button>
      </div>
      {agenda.length > 0 && (
        <ol className="agenda-steps" aria-label="Agenda">
          {agenda.map((step, i) => (
            <li key={step.id} className={i === current ? 'is-current' : undefined}>
              <div className="agenda-row">
                <input
                  aria-label={`Title of step ${i + 1}`}
                  defaultValue={step.title}
                  maxLength={120}
                  onBlur={(e) => {
                    if (e.target.value.trim() !== step.title)
                      patch(i, { title: e.target.value.trim() || step.title });
                  }}
                />
                <input
                  type="number"
                  aria-label={`Minutes for step ${i + 1}`}
                  className="agenda-minutes"
                  min={0}
                  max={480}
                  defaultValue={step.minutes}
                  onBlur={(e) => {
                    const minutes = Number(e.target.value);
                    if (Number.isFinite(minutes) && minutes !== step.minutes) patch(i, { minutes });
                  }}
                />
                <select
                  aria-label={`View of step ${i + 1}`}
                  value={step.view}
                  onChange={(e) => patch(i, { view: e.target.value as AgendaStep['view'] })}
                >
                  {STEP_VIEWS.map((v) => (
                    <option key={v} value={v}>
                      {TAB_LABEL[v]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Move step ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Move step ${i + 1} down`}
                  disabled={i === agenda.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Remove step ${i + 1}`}
                  onClick={() => write(agenda.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </div>
              <textarea
                aria-label={`Instructions for step ${i + 1}`}
                defaultValue={step.instructions}
                rows={2}
                maxLength={2000}
                onBlur={(e) => {
                  if (e.target.value.trim() !== step.instructions)
                    patch(i, { instructions: e.target.value });
                }}
              />
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        onClick={() =>
          write([
            ...agenda,
            {
              id: '',
              title: `Step ${agenda.length + 1}`,
              minutes: 10,
              view: 'tree',
              nodeId: null,
              instructions: '',
              kind: 'activity',
            },
          ])
        }
      >
        Add a step
      </button>
    </div>
  );
}
