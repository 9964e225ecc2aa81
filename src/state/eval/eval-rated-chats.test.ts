import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { composerPersona } from '../../core/eval/test-fixtures.ts';
import type { ChatId, MessageId } from '../../core/ids.ts';
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
