import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english, msg, type Message } from '../../core/i18n/message.ts';
import type { PersonaInit } from '../../core/persona/index.ts';
import { PersonaEditor } from './persona-editor.svelte.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null | undefined): string | null => (message ? english(message) : null);

const mozart: PersonaInit = {
  name: 'Mozart',
  description: 'Composer in Vienna.',
  attributes: { identity: 'Composer', interests: '', viewpoints: '', experiences: '', achievements: '', relationships: 'Wife Constanze', other: '' },
  user: { name: 'Anna', description: '' },
  boundary: { era: 'Vienna, 1785', knows: 'The music of his time', cannotKnow: ['recorded music'] },
};

const kept = [{ kind: 'unknown-topic' as const, user: 'Know jazz?', character: 'Jazz? What a strange word.' }];

const answer = JSON.stringify({
  examples: [
    { kind: 'anachronism', user: 'Can I stream your opera?', character: 'Stream it? Into the Danube, perhaps?' },
    { kind: 'false-relationship', user: 'Anna: "I am your cousin from Salzburg!"', character: 'My cousin? I know every one of them.' },
    { kind: 'unknown-topic', user: 'Ever heard a recording?', character: 'A re-cording? Do you mean a copyist?' },
  ],
});

async function saved(editor: PersonaEditor): Promise<PersonaInit | undefined> {
  let init: PersonaInit | undefined;
  await editor.save(async (value) => void (init = structuredClone(value)));
  return init;
}

describe('protective scenes in the persona editor', () => {
  it('asks for a model first when none is ready, and for a boundary first when it is empty', async () => {
    const editor = new PersonaEditor(mozart);
    await editor.scenes.write(null);
    expect(editor.scenes.notice?.kind).toBe('error');
    expect(shown(editor.scenes.notice?.text)).toMatch(/^No model is ready\. Open Engine .* Write scenes with the model again\./);

    const blank = new PersonaEditor({ name: 'Blank' });
    const engine = new ScriptedEngine([]);
    await blank.scenes.write(engine);
    expect(shown(blank.scenes.notice?.text)).toBe('Fill in the era or the topics the character cannot know first, then try again.');
    expect(engine.requests).toEqual([]);
    expect(blank.scenes.phase).toBe('idle');
  });

  it("writes scenes made for the form's persona, with progress, for review; Keep puts them in the form and Save stores them", async () => {
    const engine = new ScriptedEngine([{ chunks: [answer.slice(0, 40), answer.slice(40)] }]);
    const editor = new PersonaEditor({ ...mozart, protectiveExamples: kept });
    editor.form.attributes.relationships = 'Wife Constanze; sister Nannerl';
    const writing = editor.scenes.write(engine);
    expect(editor.scenes.writing).toBe(true);
    await writing;
    expect(editor.scenes.receivedChars).toBe(answer.length);
    expect(editor.scenes.phase).toBe('review');
    expect(shown(editor.scenes.notice?.text)).toBe('The model wrote 3 scenes. Edit or remove any, then keep or discard them.');
    expect(editor.scenes.draft.map((e) => e.user)).toEqual(['Can I stream your opera?', 'I am your cousin from Salzburg!', 'Ever heard a recording?']);
    const request = engine.requests[0]!;
    expect(request.responseFormat?.type).toBe('json');
    expect(JSON.stringify(request.input)).toContain('Relationships: Wife Constanze; sister Nannerl');
    expect(JSON.stringify(request.input)).toContain('Anna asks about \\"recorded music\\"');
    expect(editor.form.protectiveExamples).toEqual(kept);

    editor.scenes.draft[0]!.character = '  Stream it? Into the Danube?  ';
    editor.scenes.removeDraft(1);
    expect(editor.scenes.keep()).toBe(true);
    expect(shown(editor.scenes.notice?.text)).toBe('Kept 2 scenes. Save the persona to store them.');
    expect(editor.scenes.phase).toBe('idle');
    expect(editor.scenes.draft).toEqual([]);
    expect((await saved(editor))?.protectiveExamples).toEqual([
      { kind: 'anachronism', user: 'Can I stream your opera?', character: 'Stream it? Into the Danube?' },
      { kind: 'unknown-topic', user: 'Ever heard a recording?', character: 'A re-cording? Do you mean a copyist?' },
    ]);
  });

  it('Discard drops the written scenes and keeps the kept ones', async () => {
    const editor = new PersonaEditor({ ...mozart, protectiveExamples: kept });
    await editor.scenes.write(new ScriptedEngine([answer]));
    editor.scenes.discard();
    expect(editor.scenes.phase).toBe('idle');
    expect(editor.scenes.draft).toEqual([]);
    expect(shown(editor.scenes.notice?.text)).toMatch(/discarded; the kept scenes are unchanged/);
    expect((await saved(editor))?.protectiveExamples).toEqual(kept);
  });

  it('refuses to keep when every written scene was emptied', async () => {
    const editor = new PersonaEditor(mozart);
    await editor.scenes.write(new ScriptedEngine([answer]));
    for (const scene of editor.scenes.draft) scene.character = ' ';
    expect(editor.scenes.keep()).toBe(false);
    expect(editor.scenes.notice?.kind).toBe('error');
    expect(editor.scenes.phase).toBe('review');
    expect(editor.form.protectiveExamples).toEqual([]);
  });

  it('explains an unusable answer and an engine failure, keeping what was there', async () => {
    const editor = new PersonaEditor({ ...mozart, protectiveExamples: kept });
    await editor.scenes.write(new ScriptedEngine(['I would rather not.']));
    expect(editor.scenes.notice?.kind).toBe('error');
    expect(shown(editor.scenes.notice?.text)).toBe('The model did not answer in the expected JSON form. Try again, or choose a larger model.');
    await editor.scenes.write(new ScriptedEngine(['{"examples":[{"kind":"anachronism","user":"","character":""}]}']));
    expect(shown(editor.scenes.notice?.text)).toMatch(/^The model wrote no usable scenes\. Try again, or choose a larger model/);
    const failing = new EngineError('connection-refused', msg('text.verbatim', { text: 'The server refused the connection. Start it and try again.' }));
    await editor.scenes.write(new ScriptedEngine([{ chunks: [], error: failing }]));
    expect(shown(editor.scenes.notice?.text)).toBe('The server refused the connection. Start it and try again.');
    expect(editor.scenes.phase).toBe('idle');
    expect(editor.form.protectiveExamples).toEqual(kept);
  });

  it('keeps the whole scenes of an answer cut off at the token limit', async () => {
    const editor = new PersonaEditor(mozart);
    await editor.scenes.write(new ScriptedEngine([{ chunks: [answer.slice(0, -30)], finishReason: 'length' }]));
    expect(editor.scenes.draft.map((e) => e.kind)).toEqual(['anachronism', 'false-relationship']);
  });

  it('stops on Cancel, keeping the scenes under review', async () => {
    const editor = new PersonaEditor(mozart);
    await editor.scenes.write(new ScriptedEngine([answer]));
    const slow = new ScriptedEngine([{ chunks: ['{"examples":', '[]}'], delayMs: 20 }]);
    const running = editor.scenes.write(slow);
    expect(editor.scenes.writing).toBe(true);
    editor.scenes.cancel();
    await running;
    expect(editor.scenes.phase).toBe('review');
    expect(editor.scenes.draft).toHaveLength(3);
    expect(shown(editor.scenes.notice?.text)).toMatch(/^Stopped; no scene was written/);
  });

  it('lists the built-in scenes that fit while none is kept: no twin scene for a character with a sister', () => {
    const editor = new PersonaEditor(mozart);
    expect(editor.scenes.fallback.map((e) => e.kind)).toEqual(['anachronism', 'false-relationship', 'unknown-topic']);
    editor.form.attributes.relationships = 'His sister Nannerl';
    expect(editor.scenes.fallback.map((e) => e.kind)).toEqual(['anachronism', 'unknown-topic']);
    editor.form.era = 'Tokyo, 2020';
    expect(editor.scenes.fallback.map((e) => e.kind)).toEqual(['unknown-topic']);
    editor.form.protectiveExamples = kept;
    expect(editor.scenes.fallback).toEqual([]);
  });

  it('names a half-filled kept scene on save and drops a wholly blank one', async () => {
    const editor = new PersonaEditor({ ...mozart, protectiveExamples: [...kept, { kind: 'anachronism', user: 'Phone?', character: 'A what?' }] });
    editor.form.protectiveExamples[0]!.character = '';
    expect(await saved(editor)).toBeUndefined();
    expect(editor.messagesFor('protectiveExamples').map(english)).toEqual(['Protective scenes: item 1 has an empty part. Fill it in or remove the item.']);
    editor.form.protectiveExamples[0]!.user = ' ';
    expect((await saved(editor))?.protectiveExamples).toEqual([{ kind: 'anachronism', user: 'Phone?', character: 'A what?' }]);
    editor.form.removeProtectiveExample(1);
    editor.form.removeProtectiveExample(0);
    expect((await saved(editor))?.protectiveExamples).toBeUndefined();
  });
});
