import { describe, expect, it } from 'vitest';
import type { LoreEntry, PersonaInit } from '../../core/persona/index.ts';
import { mozart } from '../../core/persona/fixtures.test-support.ts';
import { commaList, linesOf, PersonaForm } from './persona-form.svelte.ts';

function fullInit(): PersonaInit {
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    ...fields
  } = mozart({
    alternateGreetings: ['Second hello', '第三个问候'],
    tags: ['composer', 'Vienna, Austria'],
    creator: 'someone',
    sampling: { temperature: 0.9, topK: 40, seed: 7 },
    stylePinned: ['humour'],
    initialState: { mood: 'cheerful', closeness: 2 },
    lore: [lore('l1', ['Salieri', 'rival, court']), lore('l2', ['Figaro'])],
    systemPrompt: '{{original}} Stay witty.',
    replyForm: 'scene',
    avatar: { mime: 'image/png', bytes: new Uint8Array([1, 2, 3]) },
  });
  return fields;
}

function lore(id: string, keys: string[]): LoreEntry {
  return {
    id,
    keys,
    secondaryKeys: ['court'],
    selective: true,
    content: `About ${keys[0]}`,
    enabled: true,
    constant: false,
    caseSensitive: true,
    insertionOrder: 5,
    priority: 3,
    comment: 'kept',
    extra: { depth: 4 },
  };
}

describe('PersonaForm', () => {
  it('gives back every field unchanged when nothing is edited', () => {
    const init = fullInit();
    expect(new PersonaForm(init).toInit()).toEqual(init);
  });

  it('starts empty with default style and no initial state', () => {
    const init = new PersonaForm().toInit();
    expect(init.name).toBe('');
    expect(init.style?.replyLength).toBe(1);
    expect(init.initialState).toBeUndefined();
    expect(init.lore).toEqual([]);
    expect(init.sampling).toEqual({});
  });

  it('reads lists one per line, tags and keywords by commas (also Chinese commas)', () => {
    const form = new PersonaForm(fullInit());
    form.behaviours.catchphrases = ' Bravo! \n\n Encore!';
    form.cannotKnow = 'radio\ntelevision\n';
    form.tags = '作曲家，维也纳、music';
    form.lore[0]!.keys = 'Salieri, Vienna';
    const init = form.toInit();
    expect(init.behaviours?.catchphrases).toEqual(['Bravo!', 'Encore!']);
    expect(init.boundary?.cannotKnow).toEqual(['radio', 'television']);
    expect(init.tags).toEqual(['作曲家', '维也纳', 'music']);
    expect(init.lore?.[0]).toMatchObject({ id: 'l1', keys: ['Salieri', 'Vienna'], secondaryKeys: ['court'], extra: { depth: 4 }, priority: 3 });
    expect(linesOf('a\r\nb')).toEqual(['a', 'b']);
    expect(commaList(' , ')).toEqual([]);
  });

  it('turns sampling text into numbers, blank into the default, and keeps options it does not show', () => {
    const form = new PersonaForm(fullInit());
    form.sampling.temperature = '';
    form.sampling.topP = '0,85';
    form.sampling.presencePenalty = 'lots';
    const sampling = form.toInit().sampling ?? {};
    expect(sampling.temperature).toBeUndefined();
    expect(sampling.topP).toBe(0.85);
    expect(sampling.presencePenalty).toBeNaN();
    expect(sampling.topK).toBe(40);
    expect(sampling.seed).toBe(7);
  });

  it('adds and removes alternate greetings and lore entries; new entries get defaults', () => {
    const form = new PersonaForm(fullInit());
    form.addGreeting();
    form.alternateGreetings[2] = 'A third';
    form.addGreeting();
    form.removeGreeting(0);
    form.removeLore('l1');
    form.addLore();
    form.lore[1]!.keys = 'opera';
    form.lore[1]!.content = 'He loves opera.';
    const init = form.toInit();
    expect(init.alternateGreetings).toEqual(['第三个问候', 'A third']);
    expect(init.lore?.map((l) => l.keys)).toEqual([['Figaro'], ['opera']]);
    expect(init.lore?.[1]).toMatchObject({ content: 'He loves opera.', enabled: true, constant: false, secondaryKeys: [], extra: {} });
    expect(init.lore?.[1]?.id).not.toMatch(/^new-/);
  });

  it('pins a control the user sets, and inference changes only unpinned controls', () => {
    const form = new PersonaForm({ name: 'A' });
    form.setStyle('formality', 0);
    form.setStyle('warmth', 9);
    expect(form.style.formality).toBe(0);
    expect(form.style.warmth).toBe(3);
    expect(form.pinned).toEqual(['formality', 'warmth']);
    const changed = form.applyInferredStyle({ formality: 2, warmth: 0, humour: 2, emoji: 0 });
    expect(changed).toBe(1);
    expect(form.style).toMatchObject({ formality: 0, warmth: 3, humour: 2, emoji: 0 });
    form.unpin('formality');
    form.applyInferredStyle({ formality: 2 });
    expect(form.toInit()).toMatchObject({ style: { formality: 2 }, stylePinned: ['warmth'] });
  });

  it('keeps the starting mood and closeness, clamped', () => {
    const form = new PersonaForm({ name: 'A' });
    form.mood = '  curious ';
    form.closeness = 7;
    expect(form.toInit().initialState).toEqual({ mood: 'curious', closeness: 3 });
  });

  it('suggests the reply form from the greeting typed until the user chooses one', () => {
    const form = new PersonaForm();
    expect(form.replyForm).toBe('line');
    form.greeting = '*The door bangs open.* "You picked a fine night," *she says.* "Sit by the stove."';
    expect(form.replyForm).toBe('scene');
    expect(form.toInit().replyForm).toBe('scene');
    form.chooseReplyForm('line');
    form.greeting = '*The wind howls.*\n\n"Come in." *She shuts the door.* "Quickly."';
    expect(form.suggestedReplyForm).toBe('scene');
    expect(form.toInit().replyForm).toBe('line');
  });

  it("keeps a persona's saved reply form whatever its greeting suggests", () => {
    const form = new PersonaForm({ name: 'Brann', greeting: '*He looks up.* "Aye?" *He spits.* "What now?"', replyForm: 'line' });
    expect(form.suggestedReplyForm).toBe('scene');
    expect(form.replyForm).toBe('line');
  });

  it('produces plain data that storage can clone', () => {
    const form = new PersonaForm(fullInit());
    form.addLore();
    expect(() => structuredClone(form.toInit())).not.toThrow();
  });
});
