/**
 * Golden prompts for cards in the shapes that circulate (test/fixtures/cards), on every engine
 * path, in both reply forms — plus the invariants every prompt must keep whatever the card.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCard } from '../cards/index.ts';
import { greetingsOf } from '../conversation/turn-actions.ts';
import type { EngineFacts } from '../conversation/reply-strategy.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { ChatTurn, EngineCapabilities } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import { activateLore, type LoreActivation } from '../lore/activation.ts';
import { newLoreEntry } from '../lore/world-book.ts';
import { createPersona, type AuthorsNote, type Persona, type ReplyForm, parseExampleDialogue, namesOf } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { buildPrompt, type BuiltPrompt } from './build.ts';
import { renderChatMl } from './layouts.ts';
import { suggestFormFor } from './reply-form.ts';

const CARDS = new URL('../../../test/fixtures/cards/', import.meta.url);
const chars: TokenCounter = { id: 'chars', count: (t) => Math.ceil(t.length / 3) };

function loadCard(file: string, userName: string): Persona {
  const bytes = readFileSync(new URL(file, CARDS));
  const { persona } = importCard(new Uint8Array(bytes), file);
  return createPersona({ ...persona, user: { name: userName, description: '' } }, `p-${file}` as PersonaId, 1);
}

const caps = (c: Partial<EngineCapabilities>): EngineCapabilities => ({
  rawCompletion: false,
  promptCache: 'none',
  jsonSchema: true,
  leavesDevice: false,
  ...c,
});

/** The engine paths of the product: which layout, and whether the model opens replies with a think block. */
const ENGINES: Record<string, EngineFacts> = {
  'webllm-qwen2.5': { capabilities: caps({ rawCompletion: true, promptCache: 'chat' }), modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', thinking: false },
  'webllm-qwen3': { capabilities: caps({ rawCompletion: true, promptCache: 'chat' }), modelId: 'Qwen3-1.7B-q4f16_1-MLC', thinking: true },
  'endpoint-chat': { capabilities: caps({ leavesDevice: true }), modelId: 'qwen2.5:3b', thinking: false },
  'endpoint-raw': { capabilities: caps({ rawCompletion: true }), modelId: 'qwen2.5:3b', thinking: false },
  'cpu-qwen3': { capabilities: caps({ rawCompletion: true, promptCache: 'prefix', jsonSchema: true }), modelId: 'qwen3-0.6b-q4_k_m', thinking: true },
};

let seq = 0;
function msg(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq, ...extra };
}

/** A short chat: the greeting (as startChat stores it), a line, a reply, the user's new line. */
function chatOf(persona: Persona): Message[] {
  const zh = persona.language === 'zh';
  const [greeting = ''] = greetingsOf(persona);
  return [
    msg('assistant', greeting),
    msg('user', zh ? '今天花店生意怎么样？' : 'Thanks. Does the stove always smoke like this?'),
    msg('assistant', zh ? '还不错呀。' : '*She laughs.* "Loud? Wait till the foghorn starts."', {
      raw: zh ? '林晚：「还不错呀。」' : 'Maren: *She laughs.* "Loud? Wait till the foghorn starts."',
    }),
    msg('user', zh ? '我想买一束栀子花。' : 'Tell me about the old wreck in the north cove.'),
  ];
}

function render(prompt: BuiltPrompt, thinking: boolean): string {
  const input = prompt.request.input;
  const body = input.kind === 'chat' ? renderChatMl(input.messages, thinking) : input.prompt;
  return `layout: ${prompt.layout}\nstop: ${JSON.stringify(prompt.request.stop)}\nmax_tokens: ${prompt.request.maxTokens}\n---\n${body}`;
}

function build(persona: Persona, engine: EngineFacts, form: ReplyForm, history = chatOf(persona), notes: string[] = []): BuiltPrompt {
  return buildPrompt({ task: { kind: 'reply' }, persona, form, history, summaries: [], notes, engine, counter: chars, contextWindow: 4096, maxTokens: 320 });
}

function messagesOf(p: BuiltPrompt): ChatTurn[] {
  if (p.request.input.kind !== 'chat') throw new Error('expected a message list');
  return p.request.input.messages;
}

function promptText(p: BuiltPrompt): string {
  const input = p.request.input;
  return input.kind === 'chat' ? input.messages.map((m) => m.content).join('\n') : input.prompt;
}

const FILES = readdirSync(CARDS)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('cards import with the reply form their text suggests', () => {
  it('prose greetings give scene, plain spoken lines give line', () => {
    const forms = Object.fromEntries(FILES.map((f) => [f, loadCard(f, 'Tom').replyForm]));
    expect(forms).toEqual({
      'amy-unquoted.v2.json': 'scene',
      'cat-narration.v2.json': 'scene',
      'harbour-master.v3.json': 'line',
      'lighthouse-prose.v2.json': 'scene',
      'lin-companion.zh.v3.json': 'line',
    });
    expect(suggestFormFor(loadCard('harbour-master.v3.json', 'Tom'))).toBe('line');
  });
});

describe('golden prompts: every card, every engine path, both forms', () => {
  for (const file of FILES) {
    for (const [engineName, engine] of Object.entries(ENGINES)) {
      for (const form of ['line', 'scene'] as const) {
        it(`${file} · ${engineName} · ${form}`, async () => {
          seq = 0;
          const persona = loadCard(file, persona0Name(file));
          const prompt = build(persona, engine, form, chatOf(persona), ['World: an example note.']);
          await expect(render(prompt, engine.thinking)).toMatchFileSnapshot(`__golden__/${file.replace('.json', '')}.${engineName}.${form}.txt`);
        });
      }
    }
  }
});

/**
 * A world book's worth of lore at every position, and an author's note: the same chat with
 * entries before and after the character, at depth 2 (one of them fired by recursion), around the
 * author's note (depth 3, every turn). Servers get each where its depth says; WebLLM and the CPU
 * engine get the insertions in this turn's notes, and the keyword entry asked after the character
 * too (they keep a cache: only the constant entry stays in the system prompt).
 */
function worldOf(persona: Persona, engine: EngineFacts): { lore: LoreActivation; authorsNote: AuthorsNote } {
  const zh = persona.language === 'zh';
  const key = zh ? '栀子' : 'wreck';
  const entries = [
    newLoreEntry('before', {
      constant: true,
      content: zh ? '故事发生在江南的一座小城。' : 'The story is set on a storm coast in 1931.',
      position: 'before-character',
    }),
    newLoreEntry('after', {
      keys: [key],
      content: zh ? '{{char}}的花店叫“晚风”。' : 'The Mary Ellen wreck lies in the north cove.',
      position: 'after-character',
    }),
    newLoreEntry('depth', {
      keys: [key],
      content: zh ? '栀子花要放在阴凉处，这是外婆教的。' : 'Salvagers from the Guild dive there at low tide.',
      position: 'at-depth',
      depth: 2,
    }),
    newLoreEntry('recursed', {
      keys: [zh ? '外婆' : 'Guild'],
      content: zh ? '外婆以前也开花店。' : 'The Guild of Salvagers answers to {{char}}.',
      position: 'at-depth',
      depth: 2,
    }),
    newLoreEntry('before-note', { keys: [key], content: zh ? '今天下雨。' : 'Tonight the fog is thick.', position: 'before-note' }),
    newLoreEntry('after-note', { keys: [key], content: zh ? '店里只剩三束栀子。' : 'The lamp must be lit by nine.', position: 'after-note' }),
  ];
  const history = chatOf(persona);
  const lore = activateLore({
    sources: [{ entries }],
    messages: history.map((m) => m.text),
    seed: 'golden',
    names: namesOf(persona),
    counter: chars,
    budget: 400,
    contextWindow: 4096,
    keepSystemPromptStable: engine.capabilities.promptCache !== 'none',
  });
  const authorsNote = { text: zh ? '保持温柔的语气；{{char}}关心{{user}}。' : 'Keep it tense; {{char}} keeps a secret from {{user}}.', depth: 3, every: 1 };
  return { lore, authorsNote };
}

describe('golden prompts with world info and an author’s note: every engine path', () => {
  for (const file of ['harbour-master.v3.json', 'lin-companion.zh.v3.json']) {
    for (const [engineName, engine] of Object.entries(ENGINES)) {
      it(`${file} · ${engineName}`, async () => {
        seq = 0;
        const persona = loadCard(file, persona0Name(file));
        const history = chatOf(persona);
        const prompt = buildPrompt({
          task: { kind: 'reply' },
          persona,
          form: 'line',
          history,
          summaries: [],
          notes: [persona.language === 'zh' ? '记得：阿远喜欢栀子花。' : 'Remembered: Tom is afraid of deep water.'],
          ...worldOf(persona, engine),
          engine,
          counter: chars,
          contextWindow: 4096,
          maxTokens: 320,
        });
        await expect(render(prompt, engine.thinking)).toMatchFileSnapshot(`__golden__/${file.replace('.json', '')}.${engineName}.world.txt`);
      });
    }
  }
});

function persona0Name(file: string): string {
  return file.includes('.zh.') ? '阿远' : 'Tom';
}

describe('invariants on every card', () => {
  for (const file of FILES) {
    const persona = loadCard(file, persona0Name(file));
    const names = namesOf(persona);
    for (const [engineName, engine] of Object.entries(ENGINES)) {
      for (const form of ['line', 'scene'] as const) {
        const prompt = build(persona, engine, form);
        const text = promptText(prompt);

        it(`${file} · ${engineName} · ${form}: no literal macro, no "Me", no creator notes`, () => {
          expect(text).not.toMatch(/\{\{\s*(user|char|original)\s*\}\}|<USER>|<BOT>/i);
          expect(text).not.toMatch(/\bMe\b/);
          expect(text).not.toContain('never sent to the model');
        });

        it(`${file} · ${engineName} · ${form}: no text wrapped in quotes twice`, () => {
          expect(text).not.toMatch(/[:：]\s*""|[:：]\s*"“|[:：]\s*「「|[:：]\s*"「/);
          expect(text).not.toMatch(/"[^"\n]*: "/);
        });

        it(`${file} · ${engineName} · ${form}: each example turn appears once at most`, () => {
          for (const scene of parseExampleDialogue(persona.sampleDialogues, names)) {
            for (const turn of scene) expect(text.split(turn.text).length - 1).toBeLessThanOrEqual(1);
          }
        });

        it(`${file} · ${engineName} · ${form}: post-history instructions come after the user's new line`, () => {
          const phi = persona.postHistoryInstructions.replace(/\{\{char\}\}/g, names.char).replace(/\{\{user\}\}/g, names.user);
          if (phi === '') return;
          const line = persona.language === 'zh' ? '我想买一束栀子花。' : 'Tell me about the old wreck in the north cove.';
          expect(text.indexOf(phi)).toBeGreaterThan(text.lastIndexOf(line));
        });

        if (prompt.layout === 'chat') {
          it(`${file} · ${engineName} · ${form}: roles alternate after the system message, starting with the user`, () => {
            const roles = messagesOf(prompt).map((m) => m.role);
            expect(roles[0]).toBe('system');
            roles.slice(1).forEach((role, i) => expect(role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
            expect(roles.at(-1)).toBe('user');
          });
        }
      }
    }
  }
});

describe('strict alternation after failures and edits', () => {
  it('two user lines in a row (the reply between failed) are merged into one user message, the same way every turn', () => {
    seq = 0;
    const persona = loadCard('harbour-master.v3.json', 'Tom');
    const history = [
      msg('assistant', '"Shut that door."'),
      msg('user', 'Sorry!'),
      msg('assistant', '', { status: 'error' }),
      msg('user', 'Is it always this windy?'),
    ];
    const first = build(persona, ENGINES['endpoint-chat'] as EngineFacts, 'line', history);
    const roles = messagesOf(first).map((m) => m.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messagesOf(first).at(-1)?.content).toBe('Tom: "Sorry!"\n\nTom: "Is it always this windy?"');
    // Next turn: the merged message is sent again byte for byte (the engine's cache stays valid).
    const next = [
      ...history.slice(0, -1),
      { ...(history[3] as Message), raw: first.userSent },
      msg('assistant', 'Aye.', { raw: 'Old Brann: "Aye."' }),
      msg('user', 'Why?'),
    ];
    const second = build(persona, ENGINES['endpoint-chat'] as EngineFacts, 'line', next);
    expect(messagesOf(second).slice(0, -2)).toEqual(messagesOf(first));
  });

  it('a chat that starts with the greeting opens with a fixed user turn, so system → assistant never happens', () => {
    seq = 0;
    const persona = loadCard('lin-companion.zh.v3.json', '阿远');
    const prompt = build(persona, ENGINES['webllm-qwen3'] as EngineFacts, 'line');
    const messages = messagesOf(prompt);
    expect(messages[1]).toEqual({ role: 'user', content: '[角色扮演开始。]' });
    expect(messages[2]?.role).toBe('assistant');
  });
});
