import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  agendaFromTemplate,
  lockOf,
  REFLECTION_QUESTIONS,
  ROOT_KEYS,
  stepTimes,
} from '../../../shared/model';
import { clockedModel, expectCanopyError, REMOTE, replicaOf, sync } from './helpers';

function setup() {
  const { clock, model } = clockedModel('Fiona');
  model.initialise({
    title: 'Workshop',
    vision: { title: 'Vision', children: [{ title: 'Goal' }] },
  });
  return { clock, model, goal: model.tree().order[1]! };
}

const MINUTE = 60_000;

describe('agenda', () => {
  it('starts from the two-hour LVT template: seven steps, 120 minutes, ending in a reflection', () => {
    const { model } = setup();
    model.applyAgendaTemplate('lvt-workshop');
    const { agenda, templateId, current } = model.workshop();
    expect(templateId).toBe('lvt-workshop');
    expect(current).toBe(-1);
    expect(agenda.map((s) => s.title)).toEqual([
      'Check-in and opening prompt',
      'Vision: silent writing, then reveal',
      'Goals as outcomes',
      'Bets per goal, in small groups',
      'Shortlist and fund',
      'Funded bets to the board',
      'Debrief and reflection',
    ]);
    expect(agenda.reduce((n, s) => n + s.minutes, 0)).toBe(120);
    expect(agenda.at(-1)!.kind).toBe('reflection');
    expect(new Set(agenda.map((s) => s.id)).size).toBe(7);
  });

  it('is edited by hand: trimmed, clamped, a step without a title refused and nothing written', () => {
    const { model, goal } = setup();
    model.setAgenda([
      {
        id: '',
        title: '  Bets  ',
        minutes: 9999,
        view: 'board',
        nodeId: goal,
        instructions: ' go ',
        kind: 'activity',
      },
    ]);
    expect(model.workshop().agenda).toEqual([
      expect.objectContaining({ title: 'Bets', minutes: 480, nodeId: goal, instructions: 'go' }),
    ]);
    const before = model.workshop().agenda;
    expectCanopyError(
      () =>
        model.setAgenda([
          {
            id: 'a',
            title: '   ',
            minutes: 5,
            view: 'tree',
            nodeId: null,
            instructions: '',
            kind: 'activity',
          },
        ]),
      'CANOPY-006',
    );
    expect(model.workshop().agenda).toEqual(before);
  });

  it('moves on, back and to the end; the log gives each step its time, over every visit', () => {
    const { model, clock } = setup();
    model.applyAgendaTemplate('portfolio-review');
    model.goToStep(0);
    clock.now += 4 * MINUTE;
    model.goToStep(1);
    clock.now += 10 * MINUTE;
    model.goToStep(0); // back
    clock.now += 1 * MINUTE;
    model.goToStep(1);
    clock.now += 2 * MINUTE;
    const state = model.workshop();
    expect(state.current).toBe(1);
    const times = stepTimes(state, clock.now);
    expect(times[0]!.spentMs).toBe(5 * MINUTE);
    expect(times[1]!.spentMs).toBe(12 * MINUTE);
    expect(times[2]!.spentMs).toBe(0);
    expect(times[2]!.startedAt).toBeNull();

    model.goToStep(state.agenda.length); // the end
    clock.now += 30 * MINUTE;
    const ended = model.workshop();
    expect(ended.current).toBe(ended.agenda.length);
    expect(stepTimes(ended, clock.now)[1]!.spentMs).toBe(12 * MINUTE);
    expectCanopyError(() => model.goToStep(99), 'CANOPY-006');
  });

  it('keeps the room on its step when the agenda is edited around it', () => {
    const { model } = setup();
    model.applyAgendaTemplate('lvt-workshop');
    model.goToStep(2);
    const { agenda } = model.workshop();
    model.setAgenda([agenda[2]!, agenda[0]!]);
    expect(model.workshop().current).toBe(0);
    expect(model.workshop().agenda[0]!.title).toBe('Goals as outcomes');
  });

  it('reaches another replica, and survives a reload from the encoded state', () => {
    const { model } = setup();
    model.applyAgendaTemplate('lvt-workshop');
    model.goToStep(0);
    model.setLock(true, 'Silent writing', 'Fiona');
    const { model: other } = replicaOf(model.ydoc);
    expect(other.workshop().agenda).toEqual(model.workshop().agenda);
    expect(other.workshop().current).toBe(0);
    expect(other.workshop().lock).toMatchObject({ on: true, reason: 'Silent writing' });
  });

  it('skips peer-written steps and answers that do not fit, with an issue, and reads the rest', () => {
    const { model } = setup();
    const good = agendaFromTemplate('blank').concat({
      id: 'ok',
      title: 'Fine',
      minutes: 5,
      view: 'tree',
      nodeId: null,
      instructions: '',
      kind: 'activity',
    });
    const ydoc = model.ydoc;
    ydoc.transact(() => {
      ydoc.getMap(ROOT_KEYS.workshop).set('agenda', [{ id: 'x', minutes: -3 }, ...good, 42]);
      ydoc.getMap(ROOT_KEYS.workshop).set('current', 'soon');
      ydoc.getMap(ROOT_KEYS.reflections).set('r1', { question: 'Q', text: '' });
    }, REMOTE);
    const state = model.workshop();
    expect(state.agenda.map((s) => s.id)).toEqual(['ok']);
    expect(state.current).toBe(-1);
    expect(state.reflections).toEqual([]);
    expect(state.issues.length).toBe(3);
  });
});

describe('lock', () => {
  it('makes a participant’s replica read-only with the reason; the facilitator and a replica outside a room still edit', () => {
    const { model, goal } = setup();
    model.setLock(true, '  Silent writing  ', 'Fiona');
    expect(lockOf(model.ydoc)).toMatchObject({ on: true, reason: 'Silent writing', by: 'Fiona' });
    expect(model.readOnly).toBe(false); // no room here: the lock does not apply
    model.updateNode(goal, { title: 'Goal, by the facilitator' });

    const { ydoc, model: participant } = replicaOf(model.ydoc, 'bob');
    participant.setLockExempt(false);
    expect(participant.lockedForMe).toBe(true);
    expect(participant.readOnly).toBe(true);
    let message = '';
    try {
      participant.updateNode(goal, { title: 'Sneaky' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^CANOPY-018: .*\(Silent writing\)$/);
    expect(participant.node(goal)!.title).toBe('Goal, by the facilitator');
    // Answers to the reflection still go in while the tree is locked.
    participant.addReflection(REFLECTION_QUESTIONS[0], 'We hide it', 'Bob');
    expect(participant.workshop().reflections).toHaveLength(1);

    model.setLock(false);
    sync(model.ydoc, ydoc);
    expect(participant.readOnly).toBe(false);
    participant.updateNode(goal, { title: 'Open again' });
  });

  it('tells subscribers when the lock or its exemption changes', () => {
    const { model } = setup();
    const seen: boolean[] = [];
    model.subscribe((c) => c.workshop && seen.push(model.readOnly));
    model.setLockExempt(false);
    model.setLock(true, 'Vote');
    model.setLockExempt(true);
    expect(seen).toEqual([false, true, false]);
  });
});

describe('reflections', () => {
  it('are named answers to a question, listed in order, and can be removed', () => {
    const { model, clock } = setup();
    const a = model.addReflection(REFLECTION_QUESTIONS[1], '  The owner, at review  ', 'Ada');
    clock.now += 1000;
    model.addReflection(REFLECTION_QUESTIONS[3], 'In slide decks', 'Bea');
    expect(model.workshop().reflections.map((r) => [r.author, r.text])).toEqual([
      ['Ada', 'The owner, at review'],
      ['Bea', 'In slide decks'],
    ]);
    expectCanopyError(
      () => model.addReflection(REFLECTION_QUESTIONS[0], '   ', 'Ada'),
      'CANOPY-006',
    );
    model.removeReflection(a);
    expect(model.workshop().reflections.map((r) => r.author)).toEqual(['Bea']);
    expect(Y.encodeStateAsUpdate(model.ydoc).length).toBeGreaterThan(0);
  });
});
