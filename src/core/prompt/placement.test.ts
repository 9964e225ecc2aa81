/**
 * Where lore and the author's note go: before and after the character in the system message,
 * into the history at a depth (exactly where every call reads the whole prompt; with the newest
 * turn where the engine keeps a cache), around the author's note, which comes on its turns.
 */
import { describe, expect, it } from 'vitest';
import type { EngineFacts } from '../conversation/reply-strategy.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { ChatTurn, EngineCapabilities } from '../llm-engine.ts';
import { activateLore } from '../lore/activation.ts';
import { newLoreEntry } from '../lore/world-book.ts';
import type { Message } from '../message.ts';
import { createPersona, type AuthorsNote, type LoreEntry, type Persona } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { authorsNoteOf, checkAuthorsNote, noteDue } from './authors-note.ts';
import { buildPrompt, insertionPlacement, type BuiltPrompt } from './build.ts';

const chars: TokenCounter = { id: 'chars', count: (t) => Math.ceil(t.length / 3) };
const caps = (c: Partial<EngineCapabilities>): EngineCapabilities => ({
  rawCompletion: false,
  promptCache: 'none',
  jsonSchema: true,
  leavesDevice: false,
  ...c,
});
const ENDPOINT_CHAT: EngineFacts = { capabilities: caps({}), modelId: 'm', thinking: false };
const ENDPOINT_RAW: EngineFacts = { capabilities: caps({ rawCompletion: true }), modelId: 'm', thinking: false };
const WEBLLM: EngineFacts = { capabilities: caps({ rawCompletion: true, promptCache: 'chat' }), modelId: 'm', thinking: false };
const CPU: EngineFacts = { capabilities: caps({ rawCompletion: true, promptCache: 'prefix' }), modelId: 'm', thinking: true };

const persona: Persona = createPersona(
  { name: 'Maren', description: 'Keeper of the North Point light.', user: { name: 'Tom', description: '' } },
  'p' as PersonaId,
  1,
);

let seq = 0;
function msg(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq, ...extra };
}

/** Greeting, three exchanges, the user's new line (8 messages). */
function chat(): Message[] {
  seq = 0;
  return [
    msg('assistant', 'You came.'),
    msg('user', 'One.'),
    msg('assistant', 'Reply one.'),
    msg('user', 'Two.'),
    msg('assistant', 'Reply two.'),
    msg('user', 'Three.'),
    msg('assistant', 'Reply three.'),
    msg('user', 'Tell me about the tower.'),
  ];
}

function lore(entries: LoreEntry[], history: readonly Message[]) {
  return activateLore({
    sources: [{ entries }],
    messages: history.map((m) => m.text),
    seed: 's',
    names: { char: 'Maren', user: 'Tom' },
    counter: chars,
    budget: 1000,
    contextWindow: 4096,
  });
}

const entry = (id: string, content: string, extra: Partial<LoreEntry> = {}) => newLoreEntry(id, { keys: ['tower'], content, ...extra });

function build(engine: EngineFacts, options: { entries?: LoreEntry[]; note?: AuthorsNote; history?: Message[]; notes?: string[] } = {}): BuiltPrompt {
  const history = options.history ?? chat();
  return buildPrompt({
    task: { kind: 'reply' },
    persona,
    form: 'line',
    history,
    summaries: [],
    notes: options.notes ?? [],
    ...(options.entries ? { lore: lore(options.entries, history) } : {}),
    ...(options.note ? { authorsNote: options.note } : {}),
    engine,
    counter: chars,
    contextWindow: 4096,
    maxTokens: 200,
  });
}

function messages(p: BuiltPrompt): ChatTurn[] {
  if (p.request.input.kind !== 'chat') throw new Error('expected messages');
  return p.request.input.messages;
}

function prompt(p: BuiltPrompt): string {
  if (p.request.input.kind !== 'prompt') throw new Error('expected a raw prompt');
  return p.request.input.prompt;
}

describe('before and after the character', () => {
  it('wraps the persona core in the system message, in both layouts, under a heading in the persona’s language', () => {
    const entries = [entry('b', 'Before text.', { position: 'before-character' }), entry('a', 'After text.', { position: 'after-character' })];
    const system = messages(build(ENDPOINT_CHAT, { entries }))[0]?.content ?? '';
    expect(system.indexOf('## World\nBefore text.')).toBeLessThan(system.indexOf('Keeper of the North Point'));
    expect(system.indexOf('## World\nAfter text.')).toBeGreaterThan(system.indexOf('Keeper of the North Point'));
    expect(system.indexOf('After text.')).toBeLessThan(system.indexOf('[Rules]'));
    expect(prompt(build(ENDPOINT_RAW, { entries })).split('<|im_end|>')[0]).toContain('## World\nAfter text.');
    const zh = createPersona({ ...persona, language: 'zh' }, persona.id, 1);
    const history = chat();
    const zhPrompt = buildPrompt({
      task: { kind: 'reply' },
      persona: zh,
      form: 'line',
      history,
      summaries: [],
      notes: [],
      lore: lore(entries, history),
      engine: ENDPOINT_CHAT,
      counter: chars,
      contextWindow: 4096,
      maxTokens: 200,
    });
    expect(messages(zhPrompt)[0]?.content).toContain('## 世界设定\nBefore text.');
  });

  it('keeps the system message byte-identical while the set of entries stays the same', () => {
    const entries = [entry('a', 'After text.')];
    const first = messages(build(WEBLLM, { entries }))[0]?.content;
    const history = [...chat(), msg('assistant', 'The tower is old.'), msg('user', 'And the tower lamp?')];
    expect(messages(build(WEBLLM, { entries, history }))[0]?.content).toBe(first);
  });

  it('counts lore tokens apart from the persona', () => {
    const length: TokenCounter = { id: 'length', count: (t) => t.length };
    const history = chat();
    const input = {
      task: { kind: 'reply' } as const,
      persona,
      form: 'line' as const,
      history,
      summaries: [],
      notes: [],
      engine: ENDPOINT_CHAT,
      counter: length,
      contextWindow: 8192,
      maxTokens: 200,
    };
    const withLore = buildPrompt({ ...input, lore: lore([entry('a', 'After text.')], history) });
    const without = buildPrompt(input);
    expect(withLore.plan.tokens.lore).toBe('## World\nAfter text.\n\n'.length);
    expect(withLore.plan.tokens.system).toBe(without.plan.tokens.system);
    expect(without.plan.tokens.lore).toBe(0);
  });
});

describe('at a depth, where every call reads the whole prompt (a server)', () => {
  it('goes before the message its depth counts back to, merged into a user message', () => {
    const p = build(ENDPOINT_CHAT, {
      entries: [entry('d2', 'Depth two.', { position: 'at-depth', depth: 2 }), entry('d3', 'Depth three.', { position: 'at-depth', depth: 3 })],
    });
    const list = messages(p);
    const three = list.find((m) => m.content.includes('Tom: "Three."'))?.content ?? '';
    // depth 3: before "Three." (a user line: the note opens that message); depth 2: before "Reply three." (after the user's line).
    expect(three).toBe('[Notes for Maren, not said aloud]\n- World: Depth three.\n\nTom: "Three."\n\n[Notes for Maren, not said aloud]\n- World: Depth two.');
    expect(list.at(-2)?.content).toBe('Maren: "Reply three."');
    expect(p.userSent).toBe('Tom: "Tell me about the tower."');
  });

  it('depth 1 joins this turn’s notes before the line, depth 0 follows the line before the post-history instructions', () => {
    const ph = createPersona({ ...persona, postHistoryInstructions: 'Stay brief.' }, persona.id, 1);
    const history = chat();
    const p = buildPrompt({
      task: { kind: 'reply' },
      persona: ph,
      form: 'line',
      history,
      summaries: [],
      notes: ['Remembered: Tom fears heights.'],
      lore: lore([entry('d1', 'Depth one.', { position: 'at-depth', depth: 1 }), entry('d0', 'Depth zero.', { position: 'at-depth', depth: 0 })], history),
      engine: ENDPOINT_CHAT,
      counter: chars,
      contextWindow: 4096,
      maxTokens: 200,
    });
    expect(messages(p).at(-1)?.content).toBe(
      '[Notes for Maren, not said aloud]\n- World: Depth one.\n- Remembered: Tom fears heights.\n\nTom: "Tell me about the tower."\n\n[Notes for Maren, not said aloud]\n- World: Depth zero.\n\nStay brief.',
    );
    // What stays with the line: its notes, not the insertions (they are placed afresh each turn).
    expect(p.userSent).toBe('[Notes for Maren, not said aloud]\n- Remembered: Tom fears heights.\n\nTom: "Tell me about the tower."\n\nStay brief.');
  });

  it('counts back no further than the first message sent', () => {
    const list = messages(build(ENDPOINT_CHAT, { entries: [entry('deep', 'Very deep.', { position: 'at-depth', depth: 40 })] }));
    expect(list[1]).toEqual({ role: 'user', content: '[The role-play begins.]\n\n[Notes for Maren, not said aloud]\n- World: Very deep.' });
    expect(list[2]?.role).toBe('assistant');
  });

  it('in the single layout, goes between the transcript lines', () => {
    const text = prompt(build(ENDPOINT_RAW, { entries: [entry('d2', 'Depth two.', { position: 'at-depth', depth: 2 })] }));
    expect(text).toContain('Tom: "Three."\n\n[Notes for Maren, not said aloud]\n- World: Depth two.\n\nMaren: "Reply three."\nTom: "Tell me about the tower."');
  });
});

describe('at a depth, where the engine keeps a cache', () => {
  it('says which engines get which placement', () => {
    expect([WEBLLM, CPU, ENDPOINT_CHAT, ENDPOINT_RAW].map((e) => insertionPlacement(e.capabilities))).toEqual(['newest', 'newest', 'depth', 'depth']);
  });

  it('WebLLM: rides in this turn’s notes, deepest first, and stays with the line, so the earlier messages never change', () => {
    const entries = [entry('d1', 'Depth one.', { position: 'at-depth', depth: 1 }), entry('d3', 'Depth three.', { position: 'at-depth', depth: 3 })];
    const first = build(WEBLLM, { entries });
    const list = messages(first);
    expect(list.at(-1)?.content).toBe('[Notes for Maren, not said aloud]\n- World: Depth three.\n- World: Depth one.\n\nTom: "Tell me about the tower."');
    expect(first.userSent).toBe(list.at(-1)?.content);
    // Next turn: the line is resent as sent; the prefix holds (messages[:-1] = what the engine holds).
    const history = chat();
    const line = history.at(-1) as Message;
    const next = [
      ...history.slice(0, -1),
      { ...line, raw: first.userSent },
      msg('assistant', 'It is old.', { raw: 'Maren: "It is old."' }),
      msg('user', 'Go on.'),
    ];
    const second = messages(build(WEBLLM, { entries: [], history: next }));
    expect(second.slice(0, list.length)).toEqual(list);
  });

  it('CPU engine: rides after the transcript with the notes', () => {
    const text = prompt(build(CPU, { entries: [entry('d3', 'Depth three.', { position: 'at-depth', depth: 3 })], notes: ['Remembered: x.'] }));
    expect(text).toContain('Tom: "Tell me about the tower."\n\n[Notes for Maren, not said aloud]\n- World: Depth three.\n- Remembered: x.\n\n');
  });
});

describe("the author's note", () => {
  const note: AuthorsNote = { text: 'Keep it light; {{char}} teases {{user}}.', depth: 2, every: 1 };

  it('goes in at its depth with {{char}} and {{user}} replaced, the before/after-note entries around it', () => {
    const entries = [entry('bn', 'Before the note.', { position: 'before-note' }), entry('an', 'After the note.', { position: 'after-note' })];
    const list = messages(build(ENDPOINT_CHAT, { entries, note }));
    const at = list.find((m) => m.content.includes('Keep it light'))?.content ?? '';
    expect(at).toBe(
      'Tom: "Three."\n\n[Notes for Maren, not said aloud]\n- World: Before the note.\n- Keep it light; Maren teases Tom.\n- World: After the note.',
    );
  });

  it('counts its tokens apart and says where it went', () => {
    const p = build(ENDPOINT_CHAT, { note });
    expect(p.plan.tokens.authorsNote).toBeGreaterThan(0);
    expect(p.authorsNote).toEqual({ text: 'Keep it light; Maren teases Tom.', depth: 2 });
    expect(p.why).toEqual([expect.objectContaining({ slot: 'authors-note', text: 'Keep it light; Maren teases Tom.', note: { depth: 2 } })]);
    expect(build(WEBLLM, { note }).why[0]?.note).toEqual({ depth: 2, withNewest: true });
  });

  it('comes on the first of the user’s lines and then every N-th; a regenerated reply gets the same', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((turn) => noteDue({ every: 3 }, turn))).toEqual([true, false, false, true, false, false, true]);
    expect(noteDue({ every: 1 }, 5)).toBe(true);
    // The chat has 4 user lines: with every 3, the 4th gets it; with every 2, it does not.
    expect(build(ENDPOINT_CHAT, { note: { ...note, every: 3 } }).authorsNote).toBeDefined();
    expect(build(ENDPOINT_CHAT, { note: { ...note, every: 2 } }).authorsNote).toBeUndefined();
  });

  it('before/after-note entries still come when the note is not due, at the note’s depth', () => {
    const p = build(ENDPOINT_CHAT, { entries: [entry('bn', 'Before the note.', { position: 'before-note' })], note: { ...note, every: 2 } });
    expect(messages(p).find((m) => m.content.includes('Before the note.'))?.content).toContain('Tom: "Three."');
  });

  it('on WebLLM, rides with the newest line and stays stored with it: a change costs no cache reuse', () => {
    const first = build(WEBLLM, { note });
    expect(first.userSent).toContain('- Keep it light; Maren teases Tom.');
    const history = chat();
    const line = history.at(-1) as Message;
    const next = [...history.slice(0, -1), { ...line, raw: first.userSent }, msg('assistant', 'Ha.', { raw: 'Maren: "Ha."' }), msg('user', 'Go on.')];
    const changed = messages(build(WEBLLM, { note: { ...note, text: 'Now a storm comes.' }, history: next }));
    expect(changed.slice(0, messages(first).length)).toEqual(messages(first));
    expect(changed.at(-1)?.content).toContain('- Now a storm comes.');
  });

  it('the chat’s own note wins over the persona default; an empty one means none; checks refuse bad values', () => {
    const withDefault = { authorsNote: { text: 'Default.', depth: 4, every: 1 } };
    expect(authorsNoteOf(null, withDefault)?.text).toBe('Default.');
    expect(authorsNoteOf({ authorsNote: { text: 'Mine.', depth: 1, every: 2 } }, withDefault)?.text).toBe('Mine.');
    expect(authorsNoteOf({ authorsNote: { text: '  ', depth: 1, every: 2 } }, withDefault)).toBeUndefined();
    expect(checkAuthorsNote({ text: ' a\r\nb ', depth: 0, every: 1 })).toEqual({ text: 'a\nb', depth: 0, every: 1 });
    expect(() => checkAuthorsNote({ text: 'x'.repeat(2001), depth: 4, every: 1 })).toThrow(/at most 2000/);
    expect(() => checkAuthorsNote({ text: 'x', depth: -1, every: 1 })).toThrow(/depth/);
    expect(() => checkAuthorsNote({ text: 'x', depth: 1.5, every: 1 })).toThrow(/depth/);
    expect(() => checkAuthorsNote({ text: 'x', depth: 4, every: 0 })).toThrow(/1 to 100/);
  });
});

describe('why this reply', () => {
  it('names each entry’s book, trigger and place, and what was left out', () => {
    const history = chat();
    const activation = activateLore({
      sources: [
        { entries: [entry('t', 'The tower belongs to the Guild.', { position: 'at-depth', depth: 2 })] },
        { book: { id: 'b' as never, name: 'Guilds' }, entries: [newLoreEntry('g', { keys: ['guild'], content: 'x'.repeat(90), comment: 'The Guild' })] },
      ],
      messages: history.map((m) => m.text),
      seed: 's',
      names: { char: 'Maren', user: 'Tom' },
      counter: chars,
      budget: 12,
      contextWindow: 4096,
    });
    const p = buildPrompt({
      task: { kind: 'reply' },
      persona,
      form: 'line',
      history,
      summaries: [],
      notes: [],
      lore: activation,
      engine: ENDPOINT_CHAT,
      counter: chars,
      contextWindow: 4096,
      maxTokens: 200,
    });
    expect(p.why).toEqual([
      expect.objectContaining({ slot: 'lore', lore: { entry: 'tower', trigger: { kind: 'key', key: 'tower' }, position: 'at-depth', depth: 2 } }),
      expect.objectContaining({
        slot: 'lore',
        leftOut: 'over-budget',
        lore: { book: 'Guilds', entry: 'The Guild', trigger: { kind: 'recursion', key: 'guild', from: { entry: 'tower' } }, position: 'after-character' },
      }),
    ]);
  });
});
