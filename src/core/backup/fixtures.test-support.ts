/** Test-only builders for the backup tests; never imported by product code. */
import type { Chat } from '../chat.ts';
import { buildDefaultInterviewSet } from '../eval/default-interview-set.ts';
import { defaultAblations } from '../eval/configurations.ts';
import { createRunState } from '../eval/run-state.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { mozart, mozartZh } from '../persona/fixtures.test-support.ts';
import type { BookId, WorldBook } from '../lore/world-book.ts';
import type { BackupData } from './backup-format.ts';

/** The API key stored in the sample engine setting; must never appear in a default export. */
export const SAMPLE_API_KEY = 'sk-live-SAMPLE-SECRET-1234';

const T0 = 1_700_000_000_000;

function message(chatId: ChatId, seq: number, init: Partial<Message> = {}): Message {
  return {
    id: `${chatId}-m${seq}` as MessageId,
    chatId,
    seq,
    role: seq % 2 === 0 ? 'assistant' : 'user',
    text: `line ${seq}`,
    status: 'complete',
    createdAt: T0 + seq,
    updatedAt: T0 + seq,
    ...init,
  };
}

/** A realistic little library: two personas (one with an avatar and its thumbnail), chats (one with its own "you"), swipes, memories with embeddings, settings, an eval run, a world book. */
export function sampleBackupData(): BackupData {
  const en = {
    ...mozart({
      avatar: { mime: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 7, 42]) },
      avatarThumb: { mime: 'image/webp', bytes: new Uint8Array([0x52, 0x49, 0x46, 0x46, 8, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 1, 2]) },
      replyForm: 'scene',
    }),
  };
  const zh = {
    ...mozartZh({
      lore: [
        {
          id: 'l1',
          keys: ['萨列里'],
          secondaryKeys: [],
          selective: false,
          content: '宫廷乐长。',
          enabled: true,
          constant: false,
          caseSensitive: false,
          insertionOrder: 1,
          extra: { depth: 4 },
        },
      ],
      card: { spec: 'chara_card_v3', specVersion: '3.0', unknownFields: { nickname: 'Wolferl' }, extensions: { world: 'vienna' } },
      stylePinned: ['humour'],
      initialState: { mood: '愉快', closeness: 1 },
      bookIds: ['book-vienna' as BookId],
    }),
    id: 'persona-2' as PersonaId,
  };
  const chatA: Chat = { id: 'chat-a' as ChatId, personaId: en.id, title: 'Chat 1', createdAt: T0, updatedAt: T0 + 9, userPersonaId: 'you-rin' };
  const chatB: Chat = {
    id: 'chat-b' as ChatId,
    personaId: zh.id,
    title: '聊天',
    createdAt: T0,
    updatedAt: T0 + 3,
    branchedFrom: { chatId: chatA.id, messageId: 'chat-a-m2' as MessageId },
    replyForm: 'line',
    bookIds: ['book-vienna' as BookId, 'book-deleted' as BookId],
    personaState: {
      mood: '好奇',
      closeness: 2,
      lastUpdateTurn: 4,
      initial: { mood: '愉快', closeness: 1 },
      history: [{ at: T0 + 2, turnSeq: 4, mood: '好奇', closeness: 2, reason: '用户夸了他的音乐', source: 'model' }],
    },
  };
  const messages: Message[] = [
    message(chatA.id, 0, {
      text: 'Ah, a guest!',
      variants: [
        { text: 'Ah, a guest!', status: 'complete', createdAt: T0 },
        { text: '*bows* Welcome.', status: 'complete', createdAt: T0 + 1, engine: 'openai', model: 'qwen3' },
      ],
      activeVariant: 0,
    }),
    message(chatA.id, 1, { text: 'Play something for me.' }),
    message(chatA.id, 2, {
      text: 'With pleasure, my dear.',
      raw: 'With pleasure, my dear."',
      engine: 'webllm',
      model: 'Qwen3-1.7B-q4f32_1-MLC',
      usage: { promptTokens: 812, completionTokens: 9, decodeTokensPerSecond: 21.5 },
      why: [
        { slot: 'memory', kind: 'fact', text: 'The user plays the piano.', score: 0.82, reason: 'similar 0.71' },
        { slot: 'lore', kind: 'lore', text: 'The Burgtheater seats 1,200 and', score: 1, reason: 'keyword theatre', trimmed: true },
        { slot: 'lore', kind: 'lore', text: 'Salieri is the court composer.', score: 1, reason: '', leftOut: 'over-budget' },
      ],
    }),
    message(chatA.id, 3, { text: 'And then?' }),
    message(chatA.id, 4, { text: 'Then I', status: 'interrupted', interruptReason: 'crash' }),
    message(chatB.id, 0, { text: '你来了。' }),
    message(chatB.id, 1, { text: '你好。' }),
    message(chatB.id, 2, {
      text: '',
      status: 'error',
      error: { code: 'connection-refused', message: 'The server refused the connection.', zh: '服务器拒绝了连接。' },
    }),
    message(chatB.id, 3, {
      text: '',
      status: 'error',
      error: {
        code: 'connection-refused',
        message: 'Could not connect to localhost:11434. Is the server running, and are the host, port and path right?',
        text: { key: 'engine.openai.connectionRefused', params: { server: 'localhost:11434', hint: '' } },
      },
    }),
  ];
  const memory = (id: string, init: Partial<Memory>): Memory => ({
    id: id as MemoryId,
    personaId: en.id,
    kind: 'fact',
    text: id,
    importance: 5,
    pinned: false,
    createdAt: T0,
    updatedAt: T0,
    lastAccessedAt: T0,
    accessCount: 0,
    ...init,
  });
  const memories: Memory[] = [
    memory('mem-summary', { chatId: chatA.id, kind: 'summary', text: 'They met in a salon.', range: { fromSeq: 0, toSeq: 3 }, level: 0 }),
    memory('mem-fact', {
      chatId: chatA.id,
      text: 'The user plays the piano.',
      sourceMessageId: 'chat-a-m1' as MessageId,
      embedding: { model: 'Xenova/bge-small-zh-v1.5', vector: new Float32Array([0.25, -1.5, 3.1415927, 1e-38, -0]) },
      pinned: true,
      importance: 8,
    }),
    memory('mem-chunk', { personaId: zh.id, kind: 'source-chunk', text: '莫扎特生于萨尔茨堡。', accessCount: 3 }),
  ];
  const state = createRunState(
    {
      persona: en,
      set: buildDefaultInterviewSet(en),
      configurations: defaultAblations()
        .slice(0, 2)
        .map((c) => ({ ...c, extra: { endpoint: { baseUrl: 'http://localhost:8080/v1', apiKey: SAMPLE_API_KEY } } })),
    },
    { id: 'run-1', now: T0 },
  );
  return {
    personas: [en, zh],
    chats: [chatA, chatB],
    messages,
    memories,
    settings: [
      {
        key: 'engine',
        value: { kind: 'openai', endpoint: { baseUrl: 'https://llm.example.test/v1', apiKey: SAMPLE_API_KEY, model: 'qwen3', contextWindow: 8192 } },
      },
      { key: 'ui', value: { language: 'zh', nested: [{ apiKey: SAMPLE_API_KEY }] } },
    ],
    evalRuns: [{ id: 'run-1', personaId: en.id, updatedAt: T0, state }],
    books: [sampleBook()],
  };
}

/** A world book with world-info settings, attached to the second persona and to its chat. */
function sampleBook(): WorldBook {
  return {
    id: 'book-vienna' as BookId,
    name: 'Wien 1785',
    description: 'Court and theatres',
    scanDepth: 3,
    entries: [
      {
        id: '0',
        keys: ['Burgtheater', '/hof(burg)?/i'],
        secondaryKeys: ['opera'],
        selective: true,
        secondaryLogic: 'not-any',
        content: 'The Burgtheater seats 1,200.',
        enabled: true,
        constant: false,
        caseSensitive: false,
        insertionOrder: 100,
        position: 'at-depth',
        depth: 2,
        probability: 50,
        wholeWords: true,
        preventRecursion: true,
        comment: 'Theatre',
        extra: { group: 'places', displayIndex: 0 },
      },
      {
        id: '1',
        keys: ['萨列里'],
        secondaryKeys: [],
        selective: false,
        content: '宫廷乐长。',
        enabled: false,
        constant: true,
        caseSensitive: true,
        insertionOrder: 5,
        extra: {},
      },
    ],
    extra: {},
    createdAt: T0,
    updatedAt: T0 + 1,
  };
}

/** The sample library with a group chat of both personas: members (one muted), a turn order, replies with speakers and a cue, a member's chat memory. */
export function withGroupChat(): BackupData {
  const data = sampleBackupData();
  const EN = data.personas[0]?.id as PersonaId;
  const ZH = data.personas[1]?.id as PersonaId;
  const GROUP = 'chat-group' as ChatId;
  const chat: Chat = {
    id: GROUP,
    personaId: EN,
    title: 'Salon',
    createdAt: T0,
    updatedAt: T0 + 4,
    members: [{ personaId: EN }, { personaId: ZH, muted: true }],
    turnOrder: 'random',
  };
  const said = (seq: number, role: Message['role'], text: string, extra: Partial<Message> = {}): Message => ({
    id: `group-m${seq}` as MessageId,
    chatId: GROUP,
    seq,
    role,
    text,
    status: 'complete',
    createdAt: T0 + seq,
    updatedAt: T0 + seq,
    ...extra,
  });
  const messages = [
    said(0, 'assistant', 'Welcome, both of you!', { speakerId: EN }),
    said(1, 'user', 'Good evening.', { raw: "Anna: Good evening.\n\n[Mozart's turn]" }),
    said(2, 'assistant', 'Bravo!', { speakerId: EN, raw: 'Mozart: "Bravo!"' }),
    said(3, 'assistant', '妙极了。', { speakerId: ZH, cue: "[莫扎特's turn]" }),
  ];
  const memory: Memory = {
    id: 'group-fact' as MemoryId,
    personaId: ZH,
    chatId: GROUP,
    kind: 'fact',
    text: 'Anna plays the harpsichord.',
    importance: 6,
    pinned: false,
    createdAt: T0,
    updatedAt: T0,
    lastAccessedAt: T0,
    accessCount: 0,
  };
  return { ...data, chats: [...data.chats, chat], messages: [...data.messages, ...messages], memories: [...data.memories, memory] };
}
