import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, parseOutlineText, pasteMessage, planPaste } from '../../../shared/model';

const parse = (text: string) => parseOutlineText(text).items;

describe('pasting a vision', () => {
  it('into an untitled tree: the pasted vision names the root, its items join it', () => {
    const plan = planPaste(
      parse('Vision: Be the town’s classroom\n  Goal: Reach\n  Goal: Skills'),
      '',
    );
    expect(plan.rootTitle).toBe('Be the town’s classroom');
    expect(plan.underRoot.map((i) => i.title)).toEqual(['Reach', 'Skills']);
    expect(plan.items).toEqual([]);
    expect(pasteMessage(plan, parseOutlineText(''), '')).toBe(
      'Pasted 2 items. The pasted vision “Be the town’s classroom” names the tree’s vision.',
    );
  });

  it('into a tree with the same vision: nothing new to name, items join the root quietly', () => {
    const plan = planPaste(parse('- Vision: Classroom\n  - Goal: Reach'), 'classroom');
    expect(plan).toMatchObject({ rootTitle: null, unusedVision: null, items: [] });
    expect(plan.underRoot.map((i) => i.title)).toEqual(['Reach']);
  });

  it('into a tree with another vision: kept, and the paste says so', () => {
    const plan = planPaste(parse('Vision: New words\n  Goal: Reach\nGoal: Other'), 'Old words');
    expect(plan.rootTitle).toBeNull();
    expect(plan.unusedVision).toBe('New words');
    expect(plan.items.map((i) => i.title)).toEqual(['Other']);
    expect(pasteMessage(plan, parseOutlineText(''), 'Old words')).toMatch(
      /already has a vision, “Old words”, so the pasted vision “New words” was not added as a second one/,
    );
  });

  it('an ordinary paste has nothing to say; limits are said with the number kept', () => {
    const plain = planPaste(parse('- A\n- B'), 'V');
    expect(pasteMessage(plain, parseOutlineText('- A\n- B'), 'V')).toBeNull();
    const lines = Array.from({ length: 10_001 }, (_, i) => `- item ${i}`).join('\n');
    const big = parseOutlineText(lines);
    expect(pasteMessage(planPaste(big.items, 'V'), big, 'V')).toBe(
      'Pasted 2,000 items. Kept the first 2,000 of 10,001 items: a tree takes at most 2,000 from one paste.',
    );
  });

  it('indentation repairs are one sentence with a count, however many lines', () => {
    const text = [
      '- A\n  - A1',
      ...Array.from({ length: 80 }, (_, i) => `      - deep ${i}\n- B${i}`),
    ].join('\n');
    const parsed = parseOutlineText(text);
    expect(parsed.reindented).toBe(80);
    expect(pasteMessage(planPaste(parsed.items, 'V'), parsed, 'V')).toBe(
      'Pasted 162 items. 80 lines were indented more than one level below the line above and were placed under it.',
    );
  });

  it('the model never nests a second vision, whatever an outline says', () => {
    const model = new CanopyDoc(new Y.Doc());
    const root = model.initialise({ title: 'T', vision: { title: 'V' } });
    model.insertOutline(root, parse('Vision: Another\n  Goal: G'));
    const kinds = model.tree().order.map((id) => model.node(id)!.kind);
    expect(kinds).toEqual(['vision', 'goal', 'goal']);
  });
});
