import { describe, expect, it } from 'vitest';
import type { EngineFacts } from '../conversation/reply-strategy.ts';
import type { ChatId, MessageId } from '../ids.ts';
import { exportBookJson, importBook } from '../lore/book-file.ts';
import { activateLore } from '../lore/activation.ts';
import { createWorldBook, type BookId, type WorldBook } from '../lore/world-book.ts';
import type { Message } from '../message.ts';
import { namesOf, parseExampleDialogue, validatePersonaInput, type LoreEntry, type Persona } from '../persona/index.ts';
import { buildPrompt } from '../prompt/build.ts';
import type { TokenCounter } from '../token-counter.ts';
import { starterCharacters } from './starters.ts';

const chars: TokenCounter = { id: 'chars', count: (t) => Math.ceil(t.length / 3) };
const ENGINE: EngineFacts = {
  capabilities: { rawCompletion: false, promptCache: 'none', jsonSchema: true, leavesDevice: true },
  modelId: 'qwen2.5:3b',
  thinking: false,
};

/** An entry as it reads back from a SillyTavern file (the default position made explicit). */
function normalized(entry: LoreEntry): Omit<LoreEntry, 'id'> {
  const { id: _id, ...rest } = entry;
  return { ...rest, position: entry.position ?? 'after-character' };
}

function message(seq: number, role: Message['role'], text: string): Message {
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq };
}

const starters = starterCharacters(1000);

describe('starter characters', () => {
  it('offers an English spoken-line character and a Chinese scene character', () => {
    expect(starters.map((s) => [s.persona.language, s.persona.replyForm])).toEqual([
      ['en', 'line'],
      ['zh', 'scene'],
    ]);
  });

  it('gives fresh ids on every call and attaches each its own book', () => {
    const again = starterCharacters(2000);
    const ids = [...starters, ...again].flatMap((s) => [s.persona.id, s.book.id, ...s.book.entries.map((e) => e.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { persona, book } of starters) expect(persona.bookIds).toEqual([book.id]);
    // Editing one copy leaves the definitions (and other copies) alone.
    again[0]!.persona.behaviours.catchphrases.push('changed');
    again[0]!.book.entries[0]!.keys.push('changed');
    const third = starterCharacters(3000);
    expect(third[0]!.persona.behaviours.catchphrases).not.toContain('changed');
    expect(third[0]!.book.entries[0]!.keys).not.toContain('changed');
  });

  for (const { persona, book } of starters) {
    describe(persona.name, () => {
      it('validates as persona input', () => {
        const { id: _id, createdAt: _c, updatedAt: _u, ...init } = persona;
        expect(validatePersonaInput(init)).toEqual([]);
      });

      it('is complete: attributes, behaviours, greetings, knowledge boundary, deliberate style', () => {
        expect(Object.values(persona.attributes).every((v) => v.trim() !== '')).toBe(true);
        expect(persona.behaviours.catchphrases.length).toBeGreaterThan(0);
        expect(persona.behaviours.speakingStyle).not.toBe('');
        expect(persona.greeting).not.toBe('');
        expect(persona.alternateGreetings).toHaveLength(1);
        expect(persona.boundary.era).not.toBe('');
        expect(persona.boundary.cannotKnow.length).toBeGreaterThan(0);
        expect(persona.stylePinned?.length).toBeGreaterThan(0);
        expect(persona.style.narration).toBe(persona.replyForm === 'scene' ? 2 : 0);
      });

      it('has sample dialogue that parses into scenes of both speakers', () => {
        const scenes = parseExampleDialogue(persona.sampleDialogues, namesOf(persona));
        expect(scenes.length).toBeGreaterThanOrEqual(2);
        for (const scene of scenes) expect(new Set(scene.map((t) => t.speaker))).toEqual(new Set(['user', 'char']));
        const replies = scenes.flat().filter((t) => t.speaker === 'char');
        if (persona.replyForm === 'scene') for (const r of replies) expect(r.text).toMatch(/^\*.+\*\s*「.+」/u);
        else for (const r of replies) expect(r.text).not.toMatch(/\*/);
      });

      it('has a short world book with one constant entry', () => {
        expect(book.entries.length).toBeGreaterThanOrEqual(4);
        expect(book.entries.length).toBeLessThanOrEqual(6);
        expect(book.entries.filter((e) => e.constant)).toHaveLength(1);
        for (const entry of book.entries) expect(entry.keys.length).toBeGreaterThan(0);
      });

      it('round-trips its book through a SillyTavern World Info file', () => {
        const json = exportBookJson(book);
        const result = importBook(new TextEncoder().encode(json), 'starter.json');
        expect(result.format).toBe('sillytavern');
        const back: WorldBook = createWorldBook(result.book, 'again' as BookId, 1);
        expect(back.name).toBe(book.name);
        expect(back.entries.map(normalized)).toEqual(book.entries.map(normalized));
        expect(exportBookJson({ ...back, id: book.id, createdAt: book.createdAt, updatedAt: book.updatedAt })).toBe(json);
      });

      it('builds the first reply after its greeting in its own form, with its lore', () => {
        const user = { name: persona.language === 'zh' ? '小林' : 'Sam', description: '' };
        const speaker: Persona = { ...persona, user };
        const history = [
          message(1, 'assistant', speaker.greeting),
          message(2, 'user', persona.language === 'zh' ? '掌柜的，听雨楼今天讲什么？' : 'Is the foghorn always this loud?'),
        ];
        const lore = activateLore({
          sources: [{ entries: book.entries }],
          messages: history.map((m) => m.text),
          seed: 'starter',
          names: namesOf(speaker),
          counter: chars,
          budget: 800,
          contextWindow: 4096,
          keepSystemPromptStable: false,
        });
        expect(lore.placed.length).toBeGreaterThanOrEqual(2);
        const form = persona.replyForm!;
        const prompt = buildPrompt({
          task: { kind: 'reply' },
          persona: speaker,
          form,
          history,
          summaries: [],
          notes: [],
          lore,
          engine: ENGINE,
          counter: chars,
          contextWindow: 4096,
          maxTokens: 320,
        });
        const input = prompt.request.input;
        if (input.kind !== 'chat') throw new Error('expected a message list');
        const text = input.messages.map((m) => m.content).join('\n');
        expect(text).toContain(persona.boundary.era);
        expect(text).toContain(book.entries.find((e) => e.constant)!.content);
        expect(text).not.toContain('{{user}}');
        expect(text).toContain(user.name);
        // The form's rule, and the greeting written in that form as the character's first turn.
        expect(text).toContain(form === 'scene' ? '动作和叙述写在*星号*里，说的话写在「」里' : 'Reply with one spoken line: Edwin Hale: "…"');
        expect(input.messages.find((m) => m.role === 'assistant')?.content).toBe(
          form === 'scene' ? `柳三更：${persona.greeting}` : `Edwin Hale: "${persona.greeting}"`,
        );
      });
    });
  }
});
