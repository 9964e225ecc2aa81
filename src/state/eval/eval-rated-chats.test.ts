import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import type { ChatRating } from '../../core/eval/chat-rating.ts';
import { composerPersona } from '../../core/eval/test-fixtures.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import { MIN_GROUP_REPLIES } from '../../core/eval/rated-chat.ts';
import { msg } from '../../core/i18n/message.ts';
import type { CompletionRequest } from '../../core/llm-engine.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import { evalDownload } from './eval-export.svelte.ts';
import { EvalSession } from './eval-session.svelte.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona();
const text = (r: CompletionRequest) => JSON.stringify(r.input);

/** Answers in quote mode; the judge gives a rated chat the score written in its reply, else 4. */
const model = () =>
  new ScriptedEngine((r) => {
    if (text(r).includes('strict and fair evaluator')) return `Fine.\nScore: ${/judge-me-(\d)/.exec(text(r))?.[1] ?? '4'}`;
    return { chunks: ['Ludwig: "', 'I am Ludwig."'] };
  });

async function ratedChat(repo: ReturnType<typeof createMemoryRepository>, n: number, user: number, judge: number, rated = true): Promise<Chat> {
  const chat: Chat = {
    id: `chat-${n}` as ChatId,
    personaId: persona.id,
    title: `Evening ${n}`,
    createdAt: n,
    updatedAt: n,
    ...(rated ? { rating: { scores: { overall: user }, comment: `Comment ${n}`, ratedAt: n, userTurns: 20 } } : {}),
  };
  await repo.chats.put(chat);
  await repo.messages.bulkPut([
    { id: `u${n}` as MessageId, chatId: chat.id, seq: 1, role: 'user', text: 'Play for me.', status: 'complete', createdAt: 1, updatedAt: 1 },
    { id: `a${n}` as MessageId, chatId: chat.id, seq: 2, role: 'assistant', text: `judge-me-${judge}`, status: 'complete', createdAt: 1, updatedAt: 1 },
  ]);
  return chat;
}

describe("EvalSession with the user's rated chats", () => {
  it('lists the rated chats, judges them when asked, and reports and exports the agreement', async () => {
    const repo = createMemoryRepository();
    await ratedChat(repo, 1, 5, 5);
    await ratedChat(repo, 2, 2, 1);
    await ratedChat(repo, 3, 3, 3);
    await ratedChat(repo, 4, 1, 1, false);
    const s = new EvalSession({ repo, now: () => 1, engines: fakeEngines(), loadTokenCounter: async () => counter }, persona);
    await s.load();
    expect(s.ratedChats.map((c) => c.id).sort()).toEqual(['chat-1', 'chat-2', 'chat-3']);
    s.setup.clear();
    s.setup.addQuestion('identity', 'Who are you?');
    const engine = model();
    const answering = { engine, contextWindow: 4096, label: msg('engine.label.endpoint', { model: 'm', host: 'h' }) };

    await s.start(answering);
    expect(s.current?.plan.chats).toBeUndefined();
    expect(s.report?.chats.agreement).toEqual([]);

    s.setup.judgeRatedChats = true;
    await s.start(answering);
    expect(s.error).toBeNull();
    expect(s.current?.status).toBe('done');
    expect(s.report?.chats.agreement).toEqual([{ dimension: 'overall', n: 3, spearman: 1 }]);
    expect(s.setup.saved().judgeRatedChats).toBe(true);
    const json = JSON.parse(evalDownload(s.current!, 'report-json').text);
    expect(json.chats.ratings.map((r: { comment: string }) => r.comment).sort()).toEqual(['Comment 1', 'Comment 2', 'Comment 3']);
    expect(evalDownload(s.current!, 'report-csv').text).toContain('agreement,,,overall,,spearman,1,3,');
  });
});

const user = (chatId: ChatId, seq: number): Message => ({
  id: `${chatId}-u${seq}` as MessageId,
  chatId,
  seq,
  role: 'user',
  text: `Line ${seq} of mine.`,
  status: 'complete',
  createdAt: seq,
  updatedAt: seq,
});
const reply = (chatId: ChatId, seq: number, text: string, speakerId?: PersonaId): Message => ({
  id: `${chatId}-a${seq}` as MessageId,
  chatId,
  seq,
  role: 'assistant',
  text,
  status: 'complete',
  createdAt: seq,
  updatedAt: seq,
  ...(speakerId ? { speakerId } : {}),
});
const memory = (id: string, kind: Memory['kind'], text: string, chatId?: ChatId): Memory => ({
  id: id as MemoryId,
  personaId: persona.id,
  ...(chatId ? { chatId } : {}),
  kind,
  text,
  importance: 5,
  pinned: false,
  createdAt: 1,
  updatedAt: 1,
  lastAccessedAt: 1,
  accessCount: 0,
});
const rating = (scores: ChatRating['scores']): ChatRating => ({ scores, comment: '', ratedAt: 1, userTurns: 20 });
const prompt = (r: CompletionRequest) => (r.input.kind === 'chat' ? r.input.messages.map((m) => m.content).join('\n\n') : '');
const judgeRequests = (engine: ScriptedEngine, chat: string) =>
  engine.requests.map(prompt).filter((t) => t.includes('strict and fair evaluator') && t.includes(chat));

async function startJudging(repo: ReturnType<typeof createMemoryRepository>) {
  const s = new EvalSession({ repo, now: () => 1, engines: fakeEngines(), loadTokenCounter: async () => counter }, persona);
  await s.load();
  s.setup.clear();
  s.setup.addQuestion('identity', 'Who are you?');
  s.setup.judgeRatedChats = true;
  const engine = model();
  return { s, engine, answering: { engine, contextWindow: 4096, label: msg('engine.label.endpoint', { model: 'm', host: 'h' }) } };
}

describe("correctness of a rated chat, checked against the persona's stored memories", () => {
  it('gives the judge the stored facts, experiences and source passages relevant to the replies, on correctness only', async () => {
    const repo = createMemoryRepository();
    const id = 'chat-moon' as ChatId;
    await repo.chats.put({ id, personaId: persona.id, title: 'Moonlight', createdAt: 1, updatedAt: 1, rating: rating({ correctness: 2, overall: 3 }) });
    await repo.messages.bulkPut([
      user(id, 1),
      reply(id, 2, 'I wrote the Moonlight sonata for Countess Giulietta.'),
      user(id, 3),
      reply(id, 4, 'My nephew Karl visits on Sundays.'),
    ]);
    await repo.memories.put(memory('m1', 'fact', 'Ludwig dedicated the Moonlight sonata to Countess Giulietta Guicciardi.'));
    await repo.memories.put(memory('m2', 'experience', 'Karl, the nephew, ran away from school in 1826.'));
    await repo.memories.put(memory('m3', 'source-chunk', 'Letter: the sonata quasi una fantasia was printed in Vienna in 1802.', id));
    await repo.memories.put(memory('m4', 'fact', 'Ludwig dislikes cold soup.'));
    await repo.memories.put(memory('m5', 'summary', 'They talked about the sonata for Countess Giulietta.', id));
    await repo.memories.put(memory('m6', 'fact', 'The sonata for Countess Giulietta was in another chat.', 'chat-other' as ChatId));
    const { s, engine, answering } = await startJudging(repo);

    await s.start(answering);
    expect(s.error).toBeNull();
    expect(s.current?.status).toBe('done');
    const [correctness, ...more] = judgeRequests(engine, 'Moonlight sonata for Countess').filter((t) => t.includes('[Dimension: Correctness]'));
    expect(more).toEqual([]);
    expect(correctness).toContain('[Memories the character was given]');
    expect(correctness).toContain('Fact: Ludwig dedicated the Moonlight sonata to Countess Giulietta Guicciardi.');
    expect(correctness).toContain('Experience: Karl, the nephew, ran away from school in 1826.');
    expect(correctness).toContain('Source: Letter: the sonata quasi una fantasia was printed in Vienna in 1802.');
    expect(correctness).toContain('Cannot know about: programming; smartphones');
    for (const absent of ['cold soup', 'They talked about', 'in another chat']) expect(correctness).not.toContain(absent);
    const overall = judgeRequests(engine, 'Moonlight sonata for Countess').find((t) => t.includes('[Dimension: Overall]'));
    expect(overall).toBeDefined();
    expect(overall).not.toContain('[Memories the character was given]');
    expect(s.current?.plan.chats?.[0]?.memories).toHaveLength(3);
  });
});

describe('rated group chats', () => {
  const tobin = { ...composerPersona({ name: 'Tobin' }), id: 'p2' as PersonaId };

  async function groupChat(repo: ReturnType<typeof createMemoryRepository>, n: number, ludwigReplies: number, score: number): Promise<ChatId> {
    const id = `group-${n}` as ChatId;
    const members = [{ personaId: tobin.id }, { personaId: persona.id }];
    await repo.chats.put({ id, personaId: tobin.id, members, title: `Tavern ${n}`, createdAt: 10 + n, updatedAt: 10 + n, rating: rating({ overall: score }) });
    const messages: Message[] = [reply(id, 0, 'Tobin greets the room.', tobin.id)];
    for (let turn = 0; turn < 20; turn++) {
      messages.push(user(id, 3 * turn + 1), reply(id, 3 * turn + 2, `Tobin answers ${turn}.`, tobin.id));
      if (turn < ludwigReplies) messages.push(reply(id, 3 * turn + 3, `judge-me-${score} says Ludwig ${turn}.`, persona.id));
    }
    await repo.messages.bulkPut(messages);
    return id;
  }

  it("judges only the evaluated persona's replies, with the others' lines named as context; too few of them leave the chat out with the reason", async () => {
    const repo = createMemoryRepository();
    await repo.personas.put(persona);
    await repo.personas.put(tobin);
    await ratedChat(repo, 1, 5, 5);
    await ratedChat(repo, 2, 2, 1);
    await groupChat(repo, 3, 5, 3);
    await groupChat(repo, 4, 2, 4);
    const { s, engine, answering } = await startJudging(repo);
    expect(s.ratedChats.map((c) => c.id).sort()).toEqual(['chat-1', 'chat-2', 'group-3']);
    expect(s.leftOutChats).toEqual([msg('eval.ratedChatFewReplies', { title: 'Tavern 4', name: 'Ludwig', replies: 2, min: MIN_GROUP_REPLIES })]);

    await s.start(answering);
    expect(s.error).toBeNull();
    const group = s.current?.plan.chats?.find((c) => c.chatId === 'group-3');
    expect(group?.group).toBe(true);
    expect(group?.exchanges.map((e) => e.answer)).toEqual([0, 1, 2, 3, 4].map((i) => `judge-me-3 says Ludwig ${i}.`));
    expect(group?.exchanges[0]?.question).toBe('Tobin: Tobin greets the room.\nUser: Line 1 of mine.\nTobin: Tobin answers 0.');
    const [request] = judgeRequests(engine, 'says Ludwig');
    expect(request).toContain("[Group chat: grade only Ludwig's replies; the other characters' lines are context]");
    expect(request).toContain('User: Line 1 of mine.\nTobin: Tobin answers 0.\nLudwig: judge-me-3 says Ludwig 0.');
    expect(request).not.toContain('User: Tobin:');
    expect(s.report?.chats.agreement).toEqual([{ dimension: 'overall', n: 3, spearman: 1 }]);
  });
});
