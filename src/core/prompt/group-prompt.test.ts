/**
 * Group chats through the prompt builder: three characters (a line-form one, a scene-form one and
 * one with a Chinese card, in the host's English), on the chat layout (WebLLM's KV cache) and the
 * single layout (raw completion). What must hold whoever speaks: the system message is the same,
 * each turn is written under its own speaker's name and in its form, consecutive character turns
 * get a cue, a forced turn sends exactly what it stores, the cache prefix stays byte-stable, stops
 * and the reader end a turn at another speaker's line.
 */
import { describe, expect, it } from 'vitest';
import type { EngineFacts } from '../conversation/reply-strategy.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { ChatTurn, EngineCapabilities } from '../llm-engine.ts';
import type { LoreActivation } from '../lore/activation.ts';
import { newLoreEntry } from '../lore/world-book.ts';
import { EMPTY_THINK_BLOCK } from '../llm-output.ts';
import type { AuthorsNote, Persona, ReplyForm } from '../persona/index.ts';
import { createPersona } from '../persona/index.ts';
import type { Message } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { buildPrompt, type BuiltPrompt, type GroupInput } from './build.ts';

const chars: TokenCounter = { id: 'chars', count: (t) => Math.ceil(t.length / 3) };
const user = { name: 'Tom', description: '' };

const MAREN = createPersona(
  { name: 'Maren', description: 'Keeper of the lighthouse.', greeting: 'Welcome aboard, {{user}}.', postHistoryInstructions: 'Keep it short.', user },
  'maren' as PersonaId,
  1,
);
const TOBIN = createPersona({ name: 'Tobin', description: 'A salvage diver who talks in long stories.', user }, 'tobin' as PersonaId, 1);
const LIN = createPersona({ name: '林晚', language: 'zh', description: '开花店的姑娘，说话温柔。', user }, 'lin' as PersonaId, 1);
const FORMS: Record<string, ReplyForm> = { maren: 'line', tobin: 'scene', lin: 'line' };
const ALL = [MAREN, TOBIN, LIN];

function groupOf(personas: readonly Persona[] = ALL, gone: readonly Persona[] = []): GroupInput {
  return {
    members: [
      ...personas.map((persona) => ({ persona, form: FORMS[persona.id] as ReplyForm, present: true })),
      ...gone.map((persona) => ({ persona, form: FORMS[persona.id] as ReplyForm, present: false })),
    ],
  };
}

const caps = (c: Partial<EngineCapabilities>): EngineCapabilities => ({
  rawCompletion: false,
  promptCache: 'none',
  jsonSchema: false,
  leavesDevice: false,
  ...c,
});
const WEBLLM: EngineFacts = { capabilities: caps({ rawCompletion: true, promptCache: 'chat' }), modelId: 'Qwen2.5-1.5B', thinking: false };
const WEBLLM_QWEN3: EngineFacts = { ...WEBLLM, modelId: 'Qwen3-1.7B', thinking: true };
const CPU: EngineFacts = { capabilities: caps({ rawCompletion: true, promptCache: 'prefix' }), modelId: 'qwen3-0.6b', thinking: false };
const SERVER: EngineFacts = { capabilities: caps({}), modelId: 'qwen2.5:3b', thinking: false };

let seq = 0;
function said(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq, ...extra };
}

interface BuildOptions {
  group?: GroupInput;
  notes?: string[];
  engine?: EngineFacts;
  authorsNote?: AuthorsNote;
}

function build(speaker: Persona, history: readonly Message[], options: BuildOptions = {}): BuiltPrompt {
  return buildPrompt({
    task: { kind: 'reply' },
    persona: speaker,
    form: FORMS[speaker.id] as ReplyForm,
    history,
    summaries: [],
    notes: options.notes ?? [],
    ...(options.authorsNote ? { authorsNote: options.authorsNote } : {}),
    engine: options.engine ?? WEBLLM,
    counter: chars,
    contextWindow: 8192,
    maxTokens: 320,
    group: options.group ?? groupOf(),
  });
}

function messagesOf(p: BuiltPrompt): ChatTurn[] {
  if (p.request.input.kind !== 'chat') throw new Error('expected a message list');
  return p.request.input.messages;
}

function promptOf(p: BuiltPrompt): string {
  if (p.request.input.kind !== 'prompt') throw new Error('expected a raw prompt');
  return p.request.input.prompt;
}

/** The stored start of a group chat: the host's greeting. */
function opening(): Message[] {
  return [said('assistant', 'Welcome aboard, Tom.', { speakerId: MAREN.id })];
}

/**
 * One step of a scripted chat: the user's line (none: a character made to speak after another),
 * who answers, and the turn the model writes after the speaker's `Name:` (a line's starts with its quote).
 */
interface Step {
  line?: string;
  speaker: Persona;
  turn: string;
}

const SCRIPT: Step[] = [
  { line: 'Hello, everyone.', speaker: MAREN, turn: '"Evening, Tom."' },
  { speaker: TOBIN, turn: '*He leans on the rail.* "Storm\'s coming," he says.\n\n*He grins.* "Always is."' },
  { line: '林晚, what do you think?', speaker: LIN, turn: '"I think the flowers will hold."' },
  { speaker: MAREN, turn: '"Then we wait."' },
  { line: 'Tobin, tell us about the wreck.', speaker: TOBIN, turn: '*He lowers his voice.* "She went down in \'31."' },
  { line: 'And you, Maren?', speaker: MAREN, turn: '"I saw her lights."' },
];

/** What the model writes for a step: the whole turn in the chat layout; after the open turn (`Name: "`, `Name:`) in the single layout. */
function outputOf(step: Step, prompt: BuiltPrompt, thinking: boolean): string {
  const think = thinking ? EMPTY_THINK_BLOCK : '';
  if (!prompt.prefixed) return `${think}${step.speaker.name}: ${step.turn}`;
  return think + (FORMS[step.speaker.id] === 'line' ? step.turn.slice(1) : ` ${step.turn}`);
}

/**
 * Runs the script as the app does: the prompt for each step, then what is stored (the user
 * line's sent form, a forced turn's cue, the reply as read with its speaker); returns each step's
 * prompt and what the model wrote.
 */
function run(
  engine: EngineFacts,
  options: { notes?: boolean; authorsNote?: AuthorsNote } = {},
): { prompts: BuiltPrompt[]; outputs: string[]; history: Message[] } {
  const history = opening();
  const prompts: BuiltPrompt[] = [];
  const outputs: string[] = [];
  SCRIPT.forEach((step, i) => {
    if (step.line !== undefined) history.push(said('user', step.line));
    const prompt = build(step.speaker, history, {
      engine,
      notes: options.notes === false ? [] : [`Note for step ${i}.`],
      ...(options.authorsNote ? { authorsNote: options.authorsNote } : {}),
    });
    prompts.push(prompt);
    const last = history.at(-1) as Message;
    if (last.role === 'user') history[history.length - 1] = { ...last, raw: prompt.userSent };
    const output = outputOf(step, prompt, engine.thinking);
    outputs.push(output);
    const read = prompt.read(output, 'stop');
    const forced = last.role === 'assistant' && prompt.userSent !== '';
    history.push(said('assistant', read.text, { raw: read.raw, speakerId: step.speaker.id, ...(forced ? { cue: prompt.userSent } : {}) }));
  });
  return { prompts, outputs, history };
}

describe('group prompts on the chat layout (WebLLM: KV cache reuse)', () => {
  for (const engine of [WEBLLM, WEBLLM_QWEN3]) {
    it(`${engine.modelId}: the next request's messages[:-1] = this request's messages + the reply as stored, whoever speaks`, () => {
      const { prompts, outputs } = run(engine);
      for (let i = 0; i + 1 < prompts.length; i++) {
        const sent = messagesOf(prompts[i] as BuiltPrompt);
        const next = messagesOf(prompts[i + 1] as BuiltPrompt);
        expect(next.slice(0, -1)).toEqual([...sent, { role: 'assistant', content: outputs[i] }]);
      }
    });
  }

  it('the system message is byte-identical whoever speaks, and holds every present card and each one’s form', () => {
    const { prompts } = run(WEBLLM);
    const systems = prompts.map((p) => messagesOf(p)[0]);
    expect(new Set(systems.map((s) => JSON.stringify(s))).size).toBe(1);
    const system = systems[0]?.content ?? '';
    expect(systems[0]?.role).toBe('system');
    expect(system).toContain('The characters: Maren, Tobin, 林晚.');
    expect(system).toContain('# Maren\n');
    expect(system).toContain('# Tobin\n');
    expect(system).toContain('# 林晚\n');
    expect(system).toContain('开花店的姑娘');
    expect(system).toContain('- Maren replies with one spoken line: Maren: "…"');
    expect(system).toContain('- Tobin begins with "Tobin:", then narration');
    expect(system).toContain('- 林晚 replies with one spoken line: 林晚: "…"');
    // A card's post-history instructions are the speaker's, never in the shared system message.
    expect(system).not.toContain('Keep it short.');
  });

  it('the same system message from every speaker, also on an engine without a cache', () => {
    const history = [...opening(), said('user', 'Hi.')];
    const systems = ALL.map((p) => JSON.stringify(messagesOf(build(p, history, { engine: SERVER }))[0]));
    expect(new Set(systems).size).toBe(1);
  });

  it('roles alternate strictly: consecutive character turns get a cue user message', () => {
    const { prompts } = run(WEBLLM);
    for (const prompt of prompts) {
      const roles = messagesOf(prompt).map((m) => m.role);
      expect(roles[0]).toBe('system');
      roles.slice(1).forEach((role, i) => expect(role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
      expect(roles.at(-1)).toBe('user');
    }
  });

  it('each character turn is sent under its own speaker’s name and in its form (canonical turns, no raw)', () => {
    const history = [
      ...opening(),
      said('user', 'Hello, everyone.'),
      said('assistant', '*nods* Evening, Tom.', { speakerId: MAREN.id }),
      said('assistant', '*He leans on the rail.* "Storm\'s coming," he says.', { speakerId: TOBIN.id }),
      said('user', 'Really?'),
      said('assistant', '*笑* 花会撑住的。', { speakerId: LIN.id }),
      said('user', 'Good.'),
    ];
    const contents = messagesOf(build(MAREN, history)).map((m) => `${m.role}: ${m.content}`);
    expect(contents.slice(1, -1)).toEqual([
      'user: [The role-play begins.]',
      'assistant: Maren: "Welcome aboard, Tom."',
      'user: Tom: Hello, everyone.',
      'assistant: Maren: *nods* "Evening, Tom."',
      "user: [Tobin's turn]",
      'assistant: Tobin: *He leans on the rail.* "Storm\'s coming," he says.',
      'user: Tom: Really?',
      'assistant: 林晚: *笑* "花会撑住的。"',
    ]);
  });

  it('a reply with no speaker (written before the chat became a group) is the host’s', () => {
    const history = [said('assistant', 'Welcome.'), said('user', 'Hi.')];
    expect(messagesOf(build(TOBIN, history))[2]).toEqual({ role: 'assistant', content: 'Maren: "Welcome."' });
  });

  it('a stored cue is resent exactly; without one the cue names the speaker', () => {
    const stored = "[Notes for Tobin, not said aloud]\n- Tobin owes Maren money.\n\n[Tobin's turn]";
    const history = [
      ...opening(),
      said('user', 'Hi.'),
      said('assistant', 'Evening.', { speakerId: MAREN.id }),
      said('assistant', '*waves*', { speakerId: TOBIN.id, cue: stored }),
      said('assistant', '你们好。', { speakerId: LIN.id }),
      said('user', 'Hello.'),
    ];
    const messages = messagesOf(build(MAREN, history));
    expect(messages.slice(4, 8)).toEqual([
      { role: 'assistant', content: 'Maren: "Evening."' },
      { role: 'user', content: stored },
      { role: 'assistant', content: 'Tobin: *waves*' },
      { role: 'user', content: "[林晚's turn]" },
    ]);
  });

  it('the user’s new line ends with the speaker’s cue (after the card’s post-history instructions) and userSent is exactly that message', () => {
    const history = [...opening(), said('user', 'Hello, everyone.')];
    const prompt = build(MAREN, history, { notes: ['Tom is afraid of deep water.'] });
    const last = messagesOf(prompt).at(-1);
    expect(last).toEqual({
      role: 'user',
      content: "[Notes for Maren, not said aloud]\n- Tom is afraid of deep water.\n\nTom: Hello, everyone.\n\nKeep it short.\n\n[Maren's turn]",
    });
    expect(prompt.userSent).toBe(last?.content);
  });

  it('a forced turn (history ends with a character turn) ends with the notes and the cue, and userSent is exactly that message', () => {
    const history = [...opening(), said('user', 'Hello.'), said('assistant', 'Evening.', { speakerId: MAREN.id })];
    const prompt = build(TOBIN, history, { notes: ['Tobin found a compass.'] });
    const messages = messagesOf(prompt);
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: 'Maren: "Evening."' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: "[Notes for Tobin, not said aloud]\n- Tobin found a compass.\n\n[Tobin's turn]" });
    expect(prompt.userSent).toBe(messages.at(-1)?.content);
    expect(prompt.layout).toBe('chat');
  });

  it('a forced turn without notes is the cue alone', () => {
    const history = [...opening(), said('user', 'Hello.'), said('assistant', 'Evening.', { speakerId: MAREN.id })];
    const prompt = build(LIN, history);
    expect(messagesOf(prompt).at(-1)).toEqual({ role: 'user', content: "[林晚's turn]" });
    expect(prompt.userSent).toBe("[林晚's turn]");
  });

  it('a forced turn right after the greeting keeps the opener first', () => {
    const prompt = build(TOBIN, opening());
    expect(
      messagesOf(prompt)
        .slice(1)
        .map((m) => m.content),
    ).toEqual(['[The role-play begins.]', 'Maren: "Welcome aboard, Tom."', "[Tobin's turn]"]);
  });

  it('the author’s note rides with the newest turn on WebLLM and stays in what is stored, so the prefix holds', () => {
    const authorsNote = { text: 'Keep {{char}} tense.', depth: 2, every: 1 };
    const { prompts, outputs, history } = run(WEBLLM, { authorsNote });
    for (let i = 0; i + 1 < prompts.length; i++) {
      expect(messagesOf(prompts[i + 1] as BuiltPrompt).slice(0, -1)).toEqual([
        ...messagesOf(prompts[i] as BuiltPrompt),
        { role: 'assistant', content: outputs[i] },
      ]);
    }
    expect(history.filter((m) => m.cue !== undefined).every((m) => m.cue?.includes('Keep'))).toBe(true);
  });
});

describe('group prompts on the single layout (raw completion)', () => {
  it('the transcript writes each turn under its speaker, and the prompt ends inside the speaker’s turn in its form', () => {
    const { prompts } = run(CPU);
    const last = promptOf(prompts.at(-1) as BuiltPrompt);
    expect(last).toContain(
      [
        '[Conversation]',
        'Maren: "Welcome aboard, Tom."',
        '',
        'Tom: Hello, everyone.',
        '',
        'Maren: "Evening, Tom."',
        '',
        'Tobin: *He leans on the rail.* "Storm\'s coming," he says.',
        '',
        '*He grins.* "Always is."',
        '',
        'Tom: 林晚, what do you think?',
        '',
        '林晚: "I think the flowers will hold."',
        '',
        'Maren: "Then we wait."',
      ].join('\n'),
    );
    expect(last.endsWith('<|im_start|>assistant\nMaren: "')).toBe(true);
    expect(promptOf(prompts[1] as BuiltPrompt).endsWith('<|im_start|>assistant\nTobin:')).toBe(true);
    expect(promptOf(prompts[2] as BuiltPrompt).endsWith('<|im_start|>assistant\n林晚: "')).toBe(true);
  });

  it('no cue in the transcript: the open turn names the speaker', () => {
    const { prompts } = run(CPU);
    for (const prompt of prompts) expect(promptOf(prompt)).not.toMatch(/\[\S+'s turn\]/);
  });

  it('the system part is byte-identical whoever speaks', () => {
    const { prompts } = run(CPU);
    const systems = prompts.map((p) => promptOf(p).split('<|im_start|>user')[0]);
    expect(new Set(systems).size).toBe(1);
  });

  it('the transcript grows at its end only, so a prefix cache re-reads only the new turns', () => {
    const { prompts } = run(CPU, { notes: false });
    for (let i = 0; i + 1 < prompts.length; i++) {
      const body = (p: BuiltPrompt) => promptOf(p).split('<|im_end|>\n<|im_start|>assistant')[0] as string;
      const before = body(prompts[i] as BuiltPrompt).replace(/\n+Keep it short\.\n$/, '');
      expect(body(prompts[i + 1] as BuiltPrompt).startsWith(before.replace(/\n+$/, ''))).toBe(true);
    }
  });

  it('userSent: the user line as written when one is answered, nothing for a forced turn', () => {
    const { prompts } = run(CPU);
    expect(prompts[0]?.userSent).toBe('Tom: Hello, everyone.');
    expect(prompts[1]?.userSent).toBe('');
    expect(prompts[3]?.userSent).toBe('');
  });
});

describe('stops and the reader in a group', () => {
  for (const engine of [WEBLLM, CPU]) {
    it(`${engine.modelId}: stop strings hold the other members and the user, never the speaker`, () => {
      const history = [...opening(), said('user', 'Hi.')];
      for (const speaker of ALL) {
        const stop = build(speaker, history, { engine }).request.stop ?? [];
        expect(stop).toEqual(expect.arrayContaining(['\nTom:', '\nTom：']));
        for (const other of ALL.filter((p) => p !== speaker)) expect(stop).toEqual(expect.arrayContaining([`\n${other.name}:`, `\n${other.name}：`]));
        expect(stop.some((s) => s.includes(speaker.name))).toBe(false);
      }
    });
  }

  it('a member who left: its earlier turns keep its name, its card and its stop string are gone', () => {
    const history = [...opening(), said('user', 'Hi.'), said('assistant', '*waves*', { speakerId: TOBIN.id }), said('user', 'Bye, Tobin.')];
    const prompt = build(MAREN, history, { group: groupOf([MAREN, LIN], [TOBIN]) });
    const messages = messagesOf(prompt);
    expect(messages[0]?.content).not.toContain('# Tobin');
    expect(messages[0]?.content).toContain('The characters: Maren, 林晚.');
    expect(messages).toContainEqual({ role: 'assistant', content: 'Tobin: *waves*' });
    expect(prompt.request.stop).not.toContain('\nTobin:');
  });

  it('the reader hides another member’s line that the model wrote after the speaker’s turn', () => {
    const history = [...opening(), said('user', 'Hi.')];
    const scene = build(TOBIN, history).read('Tobin: *He waves.* "Hi."\n\nMaren: "Do not encourage him."', 'stop');
    expect(scene.text).toBe('*He waves.* "Hi."');
    expect(scene.raw).toContain('Maren:');
    const chinese = build(TOBIN, history).read('Tobin: *He waves.*\n林晚：「你好。」', 'stop');
    expect(chinese.text).toBe('*He waves.*');
    const line = build(LIN, history).read('林晚: "Hello."\nTobin: *waves*', null);
    expect(line.text).toBe('Hello.');
    expect(line.ended).toBe(true);
    const user = build(MAREN, history).read('Maren: *nods*\nTom: "Wait."', 'stop');
    expect(user.text).toBe('*nods*');
  });

  it('a reply whose hidden part was another member’s line is resent as its shown turn, never with that line', () => {
    const history = [...opening(), said('user', 'Hi.')];
    const first = build(TOBIN, history);
    const output = 'Tobin: *He waves.* "Hi."\n\nMaren: "Do not encourage him."';
    const read = first.read(output, 'stop');
    const next = [
      ...history.slice(0, -1),
      { ...(history.at(-1) as Message), raw: first.userSent },
      said('assistant', read.text, { raw: read.raw, speakerId: TOBIN.id }),
      said('user', 'Ha.'),
    ];
    const messages = messagesOf(build(MAREN, next));
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: 'Tobin: *He waves.* "Hi."' });
    expect(JSON.stringify(messages)).not.toContain('encourage');
  });
});

describe('group prompts: notes, lore and other tasks', () => {
  const afterMaren = () => [...opening(), said('user', 'Hello.'), said('assistant', 'Evening.', { speakerId: MAREN.id })];

  it('a forced turn carries the speaker’s post-history instructions before its cue, on both layouts', () => {
    const speaker = { ...TOBIN, postHistoryInstructions: 'Tobin never lies.' };
    const group = groupOf([MAREN, speaker, LIN]);
    const chat = build(speaker, afterMaren(), { group });
    expect(messagesOf(chat).at(-1)?.content).toBe("Tobin never lies.\n\n[Tobin's turn]");
    expect(chat.userSent).toBe(messagesOf(chat).at(-1)?.content);
    expect(promptOf(build(speaker, afterMaren(), { group, engine: CPU }))).toContain('Tobin never lies.');
  });

  it('on a server (insertions at their depth) a forced turn stores its notes and cue, not the author’s note, so it is never sent twice', () => {
    const authorsNote = { text: 'Keep {{char}} tense.', depth: 0, every: 1 };
    const first = build(TOBIN, afterMaren(), { engine: SERVER, authorsNote, notes: ['A note.'] });
    expect(messagesOf(first).at(-1)?.content).toContain('Keep Tobin tense.');
    expect(first.userSent).toBe("[Notes for Tobin, not said aloud]\n- A note.\n\n[Tobin's turn]");
    const history = [...afterMaren(), said('assistant', '*waves*', { speakerId: TOBIN.id, cue: first.userSent }), said('user', 'Hi.')];
    const next = build(LIN, history, { engine: SERVER, authorsNote });
    const text = JSON.stringify(messagesOf(next));
    expect(text.split('tense.').length - 1).toBe(1);
  });

  it('lore notes are written in the group’s language (the host’s), whoever speaks', () => {
    const entry = newLoreEntry('wreck', { constant: true, content: 'The wreck lies in the north cove.', position: 'at-depth', depth: 0 });
    const lore: LoreActivation = {
      placed: [{ ref: { entry: 'wreck' }, entry, trigger: { kind: 'constant' }, step: 0, text: entry.content, position: 'at-depth', depth: 0, tokens: 10 }],
      leftOut: [],
    };
    const history = [...opening(), said('user', 'Hello.')];
    const prompt = buildPrompt({
      task: { kind: 'reply' },
      persona: LIN,
      form: 'line',
      history,
      summaries: [],
      notes: [],
      lore,
      engine: WEBLLM,
      counter: chars,
      contextWindow: 8192,
      maxTokens: 320,
      group: groupOf(),
    });
    const last = messagesOf(prompt).at(-1)?.content ?? '';
    expect(last).toContain('World: The wreck lies in the north cove.');
    expect(last).not.toContain('设定');
  });

  it('continue on a chat-only server: the continued turn after another character’s gets its cue', () => {
    const history = [...afterMaren(), said('assistant', '*He leans on the rail.* "Storm', { speakerId: TOBIN.id, status: 'interrupted' })];
    const prompt = buildPrompt({
      task: { kind: 'continue', text: '' },
      persona: TOBIN,
      form: 'scene',
      history,
      summaries: [],
      notes: [],
      engine: SERVER,
      counter: chars,
      contextWindow: 8192,
      maxTokens: 320,
      group: groupOf(),
    });
    const messages = messagesOf(prompt).slice(-4);
    expect(messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user']);
    expect(messages[0]?.content).toBe('Maren: "Evening."');
    expect(messages[1]?.content).toBe("[Tobin's turn]");
    expect(messages[2]?.content).toBe('Tobin: *He leans on the rail.* "Storm');
  });
});
