import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { composerPersona } from '../../core/eval/test-fixtures.ts';
import { english, type Message } from '../../core/i18n/message.ts';
import { ABLATION_CHOICES, EvalSetup } from './eval-setup.svelte.ts';

const persona = composerPersona();
/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

describe('EvalSetup', () => {
  it('starts from the built-in interview and can be reset after edits', () => {
    const setup = new EvalSetup(persona);
    const count = setup.set.items.length;
    expect(count).toBeGreaterThan(10);
    expect(setup.set.items.some((i) => i.category === 'boundary')).toBe(true);
    setup.clear();
    expect(setup.set.items).toEqual([]);
    setup.reset(persona);
    expect(setup.set.items).toHaveLength(count);
  });

  it('adds, edits and removes questions and turns', () => {
    const setup = new EvalSetup(persona);
    setup.clear();
    setup.addQuestion('values', '  Is art free?  ');
    setup.addQuestion('values', '   ');
    setup.addQuestion('style', 'Describe the rain.');
    expect(setup.set.items.map((i) => [i.id, i.category, i.turns])).toEqual([
      ['custom-1', 'values', ['Is art free?']],
      ['custom-2', 'style', ['Describe the rain.']],
    ]);
    setup.addTurn('custom-1');
    const first = setup.set.items[0];
    if (first) first.turns[1] = 'And music?';
    for (let i = 0; i < 5; i++) setup.addTurn('custom-1');
    expect(setup.set.items[0]?.turns).toHaveLength(5);
    setup.removeTurn('custom-2', 0);
    expect(setup.set.items.map((i) => i.id)).toEqual(['custom-1']);
    setup.removeItem('custom-1');
    setup.addQuestion('identity', 'Who?');
    expect(setup.snapshot().items).toEqual([{ id: 'custom-3', category: 'identity', turns: ['Who?'] }]);
  });

  it('switches ablations one by one or all at once, in catalogue order', () => {
    const setup = new EvalSetup(persona);
    setup.toggleAblation('no-style', true);
    setup.toggleAblation('no-quote', true);
    expect(setup.ablations).toEqual(['no-quote', 'no-style']);
    setup.toggleAblation('no-quote', false);
    expect(setup.ablations).toEqual(['no-style']);
    setup.setAllAblations(true);
    expect(setup.ablations).toEqual(ABLATION_CHOICES.map((a) => a.id));
    expect(ABLATION_CHOICES.map((a) => a.id)).toEqual(['no-quote', 'no-extract', 'no-memory', 'no-style', 'no-exemplars']);
    setup.setAllAblations(false);
    expect(setup.ablations).toEqual([]);
  });

  it('generates questions with the engine and says what it added', async () => {
    const setup = new EvalSetup(persona);
    const before = setup.set.items.length;
    const engine = new ScriptedEngine([
      JSON.stringify({
        questions: [
          { category: 'values', question: 'Should art serve princes?' },
          { category: 'nonsense', question: 'x' },
        ],
      }),
    ]);
    await setup.generate(persona, engine);
    expect(setup.set.items).toHaveLength(before + 1);
    expect(setup.set.items.at(-1)).toMatchObject({ id: 'gen-1', category: 'values', turns: ['Should art serve princes?'] });
    expect(shown(setup.generateNote)).toBe('Added 1 question; 1 unusable one was left out.');
    await setup.generate(persona, new ScriptedEngine(['no json here']));
    expect(shown(setup.generateError)).toMatch(/expected JSON form/);
    await setup.generate(persona, null);
    expect(shown(setup.generateError)).toMatch(/No model is ready/);
    expect(setup.generating).toBe(false);
  });

  it('saves and restores the interviewer and judge options, keeping its own value for a bad one', () => {
    const setup = new EvalSetup(persona);
    expect(setup.saved()).toMatchObject({ interviewer: 'script', maxFollowUps: 3, aggregation: 'agree', calibration: false });
    expect(setup.interviewerSettings()).toBeUndefined();
    setup.interviewer = 'judge';
    setup.maxFollowUps = 5;
    setup.aggregation = 'average';
    setup.calibration = true;
    const restored = new EvalSetup(persona);
    restored.restore(JSON.parse(JSON.stringify(setup.saved())));
    expect(restored.interviewerSettings()).toEqual({ engine: 'judge', maxFollowUps: 5 });
    expect([restored.aggregation, restored.calibration]).toEqual(['average', true]);
    restored.restore({ interviewer: 'oracle' as 'judge', maxFollowUps: 99, aggregation: 'median' as 'agree', calibration: 'yes' as unknown as boolean });
    expect(restored.saved()).toMatchObject({ interviewer: 'judge', maxFollowUps: 5, aggregation: 'average', calibration: true });
  });
});
