import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { mozart } from '../persona/fixtures.test-support.ts';
import { createPersona } from '../persona/index.ts';
import { buildPrompt } from '../prompt/build.ts';
import type { TokenCounter } from '../token-counter.ts';
import {
  chatExamples,
  toMessagesJsonl,
  toShareGpt,
  trainingFiles,
  TRAINING_DEFAULTS,
  validationChats,
  type TrainingChat,
  type TrainingOptions,
} from './training-data.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => Math.ceil(t.length / 3) };
const persona = mozart({ replyForm: 'line' });

function chatOf(id: string, messages: [Message['role'], string, Partial<Message>?][], extra: Partial<Chat> = {}): TrainingChat {
  const chatId = id as ChatId;
  const chat: Chat = { id: chatId, personaId: persona.id, title: id, createdAt: 1, updatedAt: 1, ...extra };
  const stored = messages.map(([role, text, more], seq): Message => ({
    id: `${id}-${seq}` as MessageId,
    chatId,
    seq,
    role,
    text,
    status: 'complete',
    createdAt: seq,
    updatedAt: seq,
    ...more,
  }));
  return { chat, persona, messages: stored, memories: [] };
}

/** A chat with a greeting, a regenerated reply (the second alternative chosen), an edited reply and a stopped one. */
const chat = chatOf('chat-a', [
  ['assistant', 'Ah, a guest!'],
  ['user', 'Good evening, maestro.'],
  [
    'assistant',
    '*bows* Welcome, my dear.',
    {
      raw: 'Mozart: *bows* "Welcome, my dear." Anna: hidden',
      variants: [
        { text: 'First take.', status: 'complete', createdAt: 2 },
        { text: '*bows* Welcome, my dear.', status: 'complete', createdAt: 3 },
      ],
      activeVariant: 1,
    },
  ],
  ['user', 'Will you play?', { raw: '[Notes for Mozart, not said aloud]\n- a memory\n\nAnna: "Will you play?"' }],
  ['assistant', 'Of course.', { editedAt: 9 }],
  ['user', 'Now?'],
  ['assistant', 'Let me fi', { status: 'interrupted', interruptReason: 'user-stop' }],
]);

const options = (o: Partial<TrainingOptions> = {}): TrainingOptions => ({ ...TRAINING_DEFAULTS, ...o });

// ------------------------------------------------------------------------------------------------
// The format checks: a small schema of each file format, applied to every line / record.

type Problem = string;

function checkTurns(turns: unknown, where: string): Problem[] {
  if (!Array.isArray(turns) || turns.length < 2) return [`${where}: needs at least a user and an assistant message`];
  const problems: Problem[] = [];
  let expected: 'user' | 'assistant' = 'user';
  turns.forEach((t: unknown, i) => {
    const turn = t as Partial<ChatTurn>;
    if (typeof turn !== 'object' || turn === null || Object.keys(turn).sort().join() !== 'content,role')
      problems.push(`${where}[${i}]: keys must be role and content`);
    if (typeof turn.content !== 'string' || turn.content.trim() === '') problems.push(`${where}[${i}]: empty content`);
    if (i === 0 && turn.role === 'system') return;
    if (turn.role !== expected) problems.push(`${where}[${i}]: role ${String(turn.role)}, expected ${expected}`);
    expected = expected === 'user' ? 'assistant' : 'user';
  });
  if ((turns.at(-1) as ChatTurn).role !== 'assistant') problems.push(`${where}: must end with the assistant's reply`);
  return problems;
}

/** OpenAI messages JSONL: every line one JSON object `{messages: [...]}`, system first if any, then user/assistant alternating, ending with the assistant. */
function checkMessagesJsonl(text: string): Problem[] {
  if (!text.endsWith('\n')) return ['the file must end with a line break'];
  return text
    .slice(0, -1)
    .split('\n')
    .flatMap((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return [`line ${i + 1}: not JSON`];
      }
      if (typeof value !== 'object' || value === null || Object.keys(value).join() !== 'messages') return [`line ${i + 1}: must be {"messages": [...]}`];
      return checkTurns((value as { messages: unknown }).messages, `line ${i + 1}`);
    });
}

/** ShareGPT JSON (LLaMA-Factory's sharegpt formatting): an array of `{conversations: [{from: human|gpt, value}], system?}`; human first, alternating, gpt last. */
function checkShareGpt(text: string): Problem[] {
  const records = JSON.parse(text) as unknown;
  if (!Array.isArray(records)) return ['must be a JSON array'];
  return records.flatMap((r: unknown, i) => {
    const record = r as { conversations?: unknown; system?: unknown };
    const extra = Object.keys(record).filter((k) => k !== 'conversations' && k !== 'system');
    const problems: Problem[] = extra.length > 0 ? [`record ${i}: unknown keys ${extra.join()}`] : [];
    if (record.system !== undefined && (typeof record.system !== 'string' || record.system === '')) problems.push(`record ${i}: system must be text`);
    if (!Array.isArray(record.conversations)) return [...problems, `record ${i}: no conversations`];
    const turns = record.conversations.map((c: { from?: unknown; value?: unknown }) => ({
      role: c.from === 'human' ? 'user' : c.from === 'gpt' ? 'assistant' : `bad:${String(c.from)}`,
      content: c.value,
    }));
    return [...problems, ...checkTurns(turns, `record ${i}`)];
  });
}

// ------------------------------------------------------------------------------------------------

describe('training data', () => {
  it('makes one example per answered reply: the prompt EGOS builds, the reply in quote form as the target', () => {
    const { examples, skipped } = chatExamples(chat, options(), counter);
    expect(examples).toHaveLength(2); // the stopped reply is not complete; the greeting answers no line
    expect(skipped).toBe(2); // the stopped reply, and the alternative not chosen
    const [first, second] = examples;
    expect(first?.messages.at(-1)).toEqual({ role: 'assistant', content: 'Mozart: *bows* "Welcome, my dear."' });
    expect(second?.messages.at(-1)).toEqual({ role: 'assistant', content: 'Mozart: "Of course."' });
    // The prompt is the builder's own, for the history up to the user's line, written in canonical quote form.
    const history = chat.messages.slice(0, 4).map(({ raw: _raw, ...m }) => m);
    const built = buildPrompt({
      task: { kind: 'reply' },
      persona,
      form: 'line',
      history,
      summaries: [],
      notes: [],
      engine: { capabilities: { rawCompletion: false, promptCache: 'chat', jsonSchema: false, leavesDevice: false }, modelId: null, thinking: false },
      counter,
      contextWindow: 4096,
      maxTokens: 320,
    });
    expect(built.request.input.kind === 'chat' && built.request.input.messages).toEqual(second?.messages.slice(0, -1));
    const [system, opener, greeting, , reply, line] = second?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('Mozart');
    expect(system?.content).toContain('[Rules]');
    expect(system?.content).not.toContain('CREATOR-SECRET');
    expect([opener?.role, greeting?.content]).toEqual(['user', 'Mozart: "Ah, a guest!"']);
    expect(reply?.content).toBe('Mozart: *bows* "Welcome, my dear."'); // not the raw output with its hidden part
    expect(line?.content).toBe('Anna: "Will you play?"'); // without the notes it was sent with
    expect(checkMessagesJsonl(toMessagesJsonl(examples))).toEqual([]);
  });

  it('writes the system prompt with the chat’s own style values, as the chat sent it', () => {
    const own = chatOf('chat-own-style', [
      ['user', 'Hello.'],
      ['assistant', 'Welcome.'],
    ]);
    const system = (style?: Chat['style']) =>
      chatExamples({ ...own, chat: { ...own.chat, style } }, options(), counter).examples[0]?.messages[0]?.content ?? '';
    expect(system()).toContain('- Do not use emoji or kaomoji.');
    expect(system({ emoji: 2 })).toContain('- Use emoji or kaomoji often, such as ^_^.');
    expect(system({ emoji: 2 })).not.toContain('Do not use emoji');
  });

  it('leaves out an alternative the user rated down (the default), and keeps it when asked', () => {
    const rated = chatOf('chat-r', [
      ['assistant', 'Ah, a guest!'],
      ['user', 'Good evening, maestro.'],
      [
        'assistant',
        'Welcome.',
        {
          rating: 'up',
          variants: [
            { text: 'Go away.', status: 'complete', createdAt: 2, rating: 'down' },
            { text: 'Welcome.', status: 'complete', createdAt: 3, rating: 'up' },
          ],
          activeVariant: 1,
        },
      ],
    ]);
    const replies = (o: Partial<TrainingOptions>) =>
      chatExamples(rated, options({ chosenOnly: false, ...o }), counter).examples.map((e) => e.messages.at(-1)?.content);
    expect(replies({})).toEqual(['Mozart: "Welcome."']);
    expect(chatExamples(rated, options({ chosenOnly: false }), counter).skipped).toBe(1);
    expect(replies({ skipRatedDown: false })).toEqual(['Mozart: "Go away."', 'Mozart: "Welcome."']);
  });

  it('follows the options: every alternative, stopped replies, edited replies left out, both reply forms', () => {
    expect(chatExamples(chat, options({ chosenOnly: false }), counter).examples.map((e) => e.messages.at(-1)?.content)).toEqual([
      'Mozart: "First take."',
      'Mozart: *bows* "Welcome, my dear."',
      'Mozart: "Of course."',
    ]);
    expect(
      chatExamples(chat, options({ completedOnly: false }), counter)
        .examples.at(-1)
        ?.messages.at(-1)?.content,
    ).toBe('Mozart: "Let me fi"');
    const unedited = chatExamples(chat, options({ skipEdited: true }), counter);
    expect(unedited.examples.map((e) => e.messages.at(-1)?.content)).toEqual(['Mozart: *bows* "Welcome, my dear."']);
    expect(unedited.skipped).toBe(3);
    const both = chatExamples(chat, options({ bothForms: true }), counter).examples;
    expect(both.map((e) => e.messages.at(-1)?.content)).toEqual([
      'Mozart: *bows* "Welcome, my dear."',
      'Mozart: *bows* Welcome, my dear.',
      'Mozart: "Of course."',
      'Mozart: Of course.',
    ]);
    expect(both[1]?.messages[0]?.content).toContain('narration in *asterisks*');
    for (const o of [{ chosenOnly: false }, { completedOnly: false }, { bothForms: true }, { layout: 'single' as const }]) {
      const { examples } = chatExamples(chat, options(o), counter);
      expect(checkMessagesJsonl(toMessagesJsonl(examples))).toEqual([]);
      expect(checkShareGpt(toShareGpt(examples))).toEqual([]);
    }
  });

  it('the single layout is the research form: the system prompt, one user message with the transcript, the reply', () => {
    const { examples } = chatExamples(chat, options({ layout: 'single' }), counter);
    const turns = examples[1]?.messages ?? [];
    expect(turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant']);
    expect(turns[1]?.content).toContain(
      '[Conversation]\nMozart: "Ah, a guest!"\nAnna: "Good evening, maestro."\nMozart: *bows* "Welcome, my dear."\nAnna: "Will you play?"\n',
    );
    expect(turns[2]?.content).toBe('Mozart: "Of course."');
  });

  it('puts the scene summaries of earlier turns and the mood of the moment into the system prompt', () => {
    const summary = (id: string, fromSeq: number, toSeq: number, text: string): Memory => ({
      id: id as MemoryId,
      personaId: persona.id,
      chatId: chat.chat.id,
      kind: 'summary',
      text,
      importance: 5,
      pinned: false,
      createdAt: 1,
      updatedAt: 1,
      lastAccessedAt: 1,
      accessCount: 0,
      range: { fromSeq, toSeq },
      level: 0,
    });
    const withMemory: TrainingChat = {
      ...chat,
      chat: {
        ...chat.chat,
        personaState: {
          mood: 'cheerful',
          closeness: 1,
          lastUpdateTurn: 1,
          initial: { mood: 'curious', closeness: 0 },
          history: [{ at: 1, turnSeq: 1, mood: 'cheerful', closeness: 1, reason: 'music', source: 'model' }],
        },
      },
      memories: [summary('s1', 0, 2, 'SUMMARY-OF-THE-GREETING'), summary('s2', 3, 4, 'SUMMARY-OF-THE-FUTURE')],
    };
    const [first, second] = chatExamples(withMemory, options(), counter).examples;
    expect(first?.messages[0]?.content).not.toContain('SUMMARY-OF-THE-GREETING'); // covers the reply itself
    expect(first?.messages[0]?.content).toContain('curious');
    expect(second?.messages[0]?.content).toContain('[Story so far]\nSUMMARY-OF-THE-GREETING');
    expect(second?.messages[0]?.content).not.toContain('SUMMARY-OF-THE-FUTURE');
    expect(second?.messages[0]?.content).toContain('cheerful');
    expect(second?.messages.map((m) => m.content)).not.toContain('Mozart: "Ah, a guest!"'); // summarized turns are not repeated
  });

  it('writes ShareGPT records with the system prompt in `system`, human and gpt alternating', () => {
    const { examples } = chatExamples(chat, options(), counter);
    const [record] = JSON.parse(toShareGpt(examples)) as { conversations: { from: string; value: string }[]; system: string }[];
    expect(record?.system).toBe(examples[0]?.messages[0]?.content);
    expect(record?.conversations.map((c) => c.from)).toEqual(['human', 'gpt', 'human', 'gpt']);
    expect(checkShareGpt(toShareGpt(examples))).toEqual([]);
  });

  it('the format checks catch what a trainer would reject', () => {
    expect(checkMessagesJsonl('{"messages":[{"role":"user","content":"a"}]}\n')).toEqual(['line 1: needs at least a user and an assistant message']);
    expect(checkMessagesJsonl('{"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]}\n')).toHaveLength(3);
    expect(checkMessagesJsonl('not json\n')).toEqual(['line 1: not JSON']);
    expect(checkShareGpt('[{"conversations":[{"from":"human","value":"a"},{"from":"bot","value":"b"}]}]')).toEqual([
      'record 0[1]: role bad:bot, expected assistant',
      "record 0: must end with the assistant's reply",
    ]);
  });
});

describe('the train / validation split', () => {
  const ids = Array.from({ length: 20 }, (_, i) => `chat-${i}` as ChatId);

  it('keeps whole chats out, the same ones for the same seed whatever the order, and never all of them', () => {
    const held = validationChats(ids, 0.2, 7);
    expect(held.size).toBe(4);
    expect(validationChats([...ids].reverse(), 0.2, 7)).toEqual(held);
    expect(validationChats(ids, 0.2, 8)).not.toEqual(held);
    expect(validationChats(ids.slice(0, 2), 0.5, 1).size).toBe(1);
    expect(validationChats(ids.slice(0, 1), 0.5, 1).size).toBe(0);
    expect(validationChats(ids, 0, 1).size).toBe(0);
  });

  it('splits examples by chat into a training and a validation file', () => {
    const other = {
      ...chatOf(
        'chat-b',
        chat.messages.map((m) => [m.role, m.text] as [Message['role'], string]),
      ),
      persona: { ...persona, id: 'p2' as PersonaId },
    };
    const counts = new Map([chat, other].map((c) => [c.chat.id, chatExamples(c, options(), counter).examples.length]));
    expect([...counts.values()]).toEqual([2, 3]); // chat-b's copy of the stopped reply is complete
    const held = validationChats([chat.chat.id, other.chat.id], 0.5, 3);
    const all = [chat, other].flatMap((c) => chatExamples(c, options(), counter).examples);
    const files = trainingFiles(
      all.filter((e) => !held.has(e.chatId)),
      all.filter((e) => held.has(e.chatId)),
      'messages',
      'egos-training',
    );
    const [validationId] = [...held];
    const trainId = validationId === chat.chat.id ? other.chat.id : chat.chat.id;
    expect(files.map((f) => [f.fileName, f.examples])).toEqual([
      ['egos-training-train.jsonl', counts.get(trainId)],
      ['egos-training-validation.jsonl', counts.get(validationId as ChatId)],
    ]);
    expect(trainingFiles(all, [], 'sharegpt', 'x').map((f) => f.fileName)).toEqual(['x-train.json']);
    for (const file of files) expect(checkMessagesJsonl(file.text)).toEqual([]);
  });
});

describe('training data from a group chat', () => {
  const salieri = createPersona({ name: 'Salieri', description: 'The court composer, jealous and polite.', replyForm: 'scene' }, 'salieri' as PersonaId, 1);
  const members = [{ personaId: persona.id }, { personaId: salieri.id }];
  const group = chatOf(
    'group',
    [
      ['assistant', 'Ah, guests!', { speakerId: persona.id }],
      ['user', 'Good evening, gentlemen.'],
      ['assistant', 'Welcome, my dear.', { speakerId: persona.id }],
      [
        'assistant',
        '*He bows stiffly.* "An honour."',
        { speakerId: salieri.id, cue: "[Notes for Salieri, not said aloud]\n- SECRET-NOTE\n\n[Salieri's turn]" },
      ],
      ['user', 'Salieri, will you play?'],
      ['assistant', '*He sits at the keys.* "If I must."', { speakerId: salieri.id }],
      ['user', 'Who else is here?'],
      ['assistant', 'Nobody you know.', { speakerId: 'deleted' as PersonaId }],
    ],
    { members, turnOrder: 'list' },
  );

  it('writes each target under its speaker’s name and form, with every card in the system prompt and a cue before a reply to a character', () => {
    const { examples, leftOut } = chatExamples({ ...group, cast: [salieri] }, options(), counter);
    expect(leftOut).toBeUndefined();
    expect(examples.map((e) => e.messages.at(-1)?.content)).toEqual([
      'Mozart: "Welcome, my dear."',
      'Salieri: *He bows stiffly.* "An honour."',
      'Salieri: *He sits at the keys.* "If I must."',
    ]); // the reply of a character no longer stored is left out
    const [first, forced, third] = examples;
    expect(first?.messages[0]?.content).toContain('# Mozart');
    expect(first?.messages[0]?.content).toContain('# Salieri');
    expect(new Set(examples.map((e) => e.messages[0]?.content)).size).toBe(1);
    expect(forced?.messages.at(-2)).toEqual({ role: 'user', content: "[Salieri's turn]" });
    expect(third?.messages).toContainEqual({ role: 'user', content: "[Salieri's turn]" });
    expect(JSON.stringify(examples)).not.toContain('SECRET-NOTE');
    expect(third?.messages.at(-2)?.content).toContain('Anna: Salieri, will you play?');
    for (const o of [{}, { bothForms: true }, { layout: 'single' as const }]) {
      const made = chatExamples({ ...group, cast: [salieri] }, options(o), counter).examples;
      expect(checkMessagesJsonl(toMessagesJsonl(made))).toEqual([]);
      expect(checkShareGpt(toShareGpt(made))).toEqual([]);
    }
  });

  it('both forms: every character writes in the form of the example', () => {
    const targets = chatExamples({ ...group, cast: [salieri] }, options({ bothForms: true }), counter).examples.map((e) => e.messages.at(-1)?.content);
    expect(targets).toEqual([
      'Mozart: "Welcome, my dear."',
      'Mozart: Welcome, my dear.',
      'Salieri: *He bows stiffly.* "An honour."',
      'Salieri: *He bows stiffly.* "An honour."',
      'Salieri: *He sits at the keys.* "If I must."',
      'Salieri: *He sits at the keys.* "If I must."',
    ]);
  });

  it('the single layout ends the transcript with the turn before the reply, and writes every turn under its speaker', () => {
    const { examples } = chatExamples({ ...group, cast: [salieri] }, options({ layout: 'single' }), counter);
    expect(examples[2]?.messages[1]?.content).toContain(
      'Mozart: "Welcome, my dear."\n\nSalieri: *He bows stiffly.* "An honour."\n\nAnna: Salieri, will you play?',
    );
  });

  it('a group chat given without its characters is left out, with the reason', () => {
    expect(chatExamples(group, options(), counter)).toEqual({ examples: [], skipped: 0, leftOut: 'group-without-cast' });
  });
});
