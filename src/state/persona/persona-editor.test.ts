import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg, english, type Message } from '../../core/i18n/message.ts';
import type { PersonaInit } from '../../core/persona/index.ts';
import { PersonaEditor } from './persona-editor.svelte.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null | undefined): string | null => (message ? english(message) : null);

const withSamples: PersonaInit = { name: 'Ada', sampleDialogues: 'Ada: "Numbers, my dear, are poetry!"', greeting: 'Good evening.' };

describe('PersonaEditor validation and saving', () => {
  it("saves the persona's default author's note, and refuses a depth or frequency out of range next to its field", async () => {
    const editor = new PersonaEditor({ name: 'Ada', authorsNote: { text: 'Old note.', depth: 2, every: 3 } });
    expect(editor.form.authorsNote).toEqual({ text: 'Old note.', depth: '2', every: '3' });
    editor.form.authorsNote = { text: '  Keep {{char}} curious.  ', depth: '0', every: '1' };
    const saved: PersonaInit[] = [];
    expect(await editor.save(async (init) => void saved.push(init))).toBe(true);
    expect(saved[0]?.authorsNote).toEqual({ text: 'Keep {{char}} curious.', depth: 0, every: 1 });
    editor.form.authorsNote = { text: 'x', depth: '101', every: 'often' };
    expect(await editor.save(async (init) => void saved.push(init))).toBe(false);
    expect(shown(editor.messagesFor('authorsNote.depth')[0])).toMatch(/between 0 and 100/);
    expect(editor.messagesFor('authorsNote.every')).toHaveLength(1);
    expect(editor.errorCount(['authorsNote'])).toBe(2);
    expect(saved).toHaveLength(1);
    editor.form.authorsNote = { text: ' ', depth: '4', every: '1' };
    expect(await editor.save(async (init) => void saved.push(init))).toBe(true);
    expect(saved[1]?.authorsNote).toBeUndefined();
  });

  it('saves nothing without a name and says so next to the field', async () => {
    const editor = new PersonaEditor();
    editor.form.description = 'Nameless wanderer.';
    const saved: PersonaInit[] = [];
    expect(await editor.save(async (init) => void saved.push(init))).toBe(false);
    expect(saved).toEqual([]);
    expect(editor.messagesFor('name').map(english)).toEqual(['Give the persona a name.']);
    expect(shown(editor.summary)).toMatch(/One field needs fixing/);
    expect(editor.form.description).toBe('Nameless wanderer.');
  });

  it('reports each invalid field where it belongs', async () => {
    const editor = new PersonaEditor({ name: 'Ada' });
    editor.form.attributes.identity = 'x'.repeat(20_001);
    editor.form.sampling.temperature = '5';
    editor.form.sampling.topP = 'high';
    editor.form.tags = 'y'.repeat(101);
    expect(await editor.save(async () => {})).toBe(false);
    expect(shown(editor.messagesFor('attributes.identity')[0])).toMatch(/Identity is too long \(20001 characters\)/);
    expect(shown(editor.messagesFor('sampling', 'temperature')[0])).toMatch(/temperature must be between 0 and 2/);
    expect(shown(editor.messagesFor('sampling', 'topP')[0])).toMatch(/wrong kind of value/);
    expect(editor.errorCount(['attributes'])).toBe(1);
    expect(editor.errorCount(['sampling'])).toBe(2);
    expect(editor.errorCount(['tags'])).toBe(1);
    expect(shown(editor.summary)).toMatch(/4 fields need fixing/);
  });

  it('hands valid, plain data to onsave and clears earlier problems', async () => {
    const editor = new PersonaEditor();
    await editor.save(async () => {});
    editor.form.name = '  李白 ';
    editor.form.language = 'zh';
    editor.form.setStyle('formality', 2);
    let saved: PersonaInit | undefined;
    expect(await editor.save(async (init) => void (saved = structuredClone(init)))).toBe(true);
    expect(editor.errors).toEqual([]);
    expect(saved).toMatchObject({ name: '李白', language: 'zh', style: { formality: 2 }, stylePinned: ['formality'] });
    expect(editor.saving).toBe(false);
  });
});

describe('PersonaEditor.inferStyle', () => {
  it('asks for a model first when none is ready, changing nothing', async () => {
    const editor = new PersonaEditor(withSamples);
    const before = editor.form.style;
    await editor.inferStyle(null);
    expect(editor.inferNotice?.kind).toBe('error');
    expect(shown(editor.inferNotice?.text)).toMatch(/No model is ready\. Open Engine/);
    expect(editor.form.style).toBe(before);
  });

  it('sets unpinned controls from a constrained JSON answer and keeps the ones the user set', async () => {
    const engine = new ScriptedEngine([
      '{"replyLength":0,"formality":2,"emotionalIntensity":2,"humour":2,"initiative":2,"warmth":3,"emoji":2,"catchphraseFrequency":2,"narration":0}',
    ]);
    const editor = new PersonaEditor(withSamples);
    editor.form.setStyle('humour', 0);
    await editor.inferStyle(engine);
    expect(editor.form.style).toMatchObject({ replyLength: 0, formality: 2, humour: 0, warmth: 3, emoji: 2, narration: 0 });
    expect(editor.inferNotice?.kind).toBe('info');
    expect(shown(editor.inferNotice?.text)).toMatch(/8 controls changed; the 1 control you set yourself was kept/);
    expect(engine.requests[0]?.responseFormat?.type).toBe('json');
    expect(JSON.stringify(engine.requests[0]?.input)).toContain('Numbers, my dear, are poetry!');
  });

  it('leaves the style unchanged and explains when the answer is unusable', async () => {
    const editor = new PersonaEditor(withSamples);
    const before = editor.form.style;
    await editor.inferStyle(new ScriptedEngine(['I think she is quite formal.']));
    expect(editor.inferNotice?.kind).toBe('error');
    expect(editor.form.style).toBe(before);
  });

  it('explains an engine failure and a persona without material', async () => {
    const failing = new ScriptedEngine([
      {
        chunks: [],
        error: new EngineError('connection-refused', msg('text.verbatim', { text: 'The server refused the connection. Start it and try again.' })),
      },
    ]);
    const editor = new PersonaEditor(withSamples);
    await editor.inferStyle(failing);
    expect(editor.inferNotice?.kind).toBe('error');
    expect(shown(editor.inferNotice?.text)).toBe('The server refused the connection. Start it and try again.');

    const empty = new PersonaEditor({ name: 'Blank' });
    const engine = new ScriptedEngine([]);
    await empty.inferStyle(engine);
    expect(shown(empty.inferNotice?.text)).toMatch(/Add sample dialogues/);
    expect(engine.requests).toEqual([]);
  });

  it('stops on cancel without changing the style', async () => {
    const engine = new ScriptedEngine([{ chunks: ['{"formality":', '2}'], delayMs: 20 }]);
    const editor = new PersonaEditor(withSamples);
    const running = editor.inferStyle(engine);
    expect(editor.inferring).toBe(true);
    editor.cancelInfer();
    await running;
    expect(editor.inferring).toBe(false);
    expect(editor.form.style.formality).toBe(1);
    expect(shown(editor.inferNotice?.text)).toMatch(/not changed/);
  });
});
