import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { StorageError, ValidationError } from '../errors/index.ts';
import type { ChatId, MemoryId, MessageId } from '../ids.ts';
import { applyRemoval, planDeleteMessage, planTruncateAfter } from './delete-messages.ts';
import { chatId, fact, history, msg, personaId, summary } from './test-fixtures.ts';
import { msg as said } from '../i18n/message.ts';

const id = (seq: number) => `m${seq}` as MessageId;

describe('planDeleteMessage', () => {
  it('removes the message and the unpinned chat facts drawn from it, nothing else', () => {
    const memories = [
      fact('from-3', 3),
      fact('pinned-from-3', 3, { pinned: true }),
      fact('from-5', 5),
      fact('persona-level', 3, { chatId: undefined }),
      fact('other-chat', 3, { chatId: 'c2' as ChatId }),
    ];
    const plan = planDeleteMessage(history(8), memories, id(3));
    expect(plan.messageIds).toEqual([id(3)]);
    expect(plan.memoryIds).toEqual(['from-3']);
  });

  it('keeps summaries covering the message and lists them so the user can be told', () => {
    const covering = summary('s-0-4', 0, 4);
    const plan = planDeleteMessage(history(8), [covering, summary('s-5-6', 5, 6), summary('other', 0, 4, { chatId: 'c2' as ChatId })], id(3));
    expect(plan.keptSummaries).toEqual([covering]);
    expect(plan.memoryIds).toEqual([]);
  });

  it('removes summaries that would reach past the chat’s new last message', () => {
    const plan = planDeleteMessage(history(6), [summary('s-0-6', 0, 6), summary('s-0-5', 0, 5)], id(6));
    expect(plan.memoryIds).toEqual(['s-0-6']);
    expect(plan.keptSummaries).toEqual([]);
  });

  it('refuses a reply still streaming and tells the user to stop it', () => {
    const messages = [...history(3), msg(4, 'assistant', 'streaming')];
    expect(() => planDeleteMessage(messages, [], id(4))).toThrow(ValidationError);
    expect(() => planDeleteMessage(messages, [], id(4))).toThrow(/Stop it first/);
  });

  it('reports a message that is gone as not-found', () => {
    expect(() => planDeleteMessage(history(3), [], id(9))).toThrow(StorageError);
  });
});

describe('planTruncateAfter', () => {
  it('removes every later message, the summaries reaching past it and facts from removed lines', () => {
    const memories = [
      summary('s-0-3', 0, 3),
      summary('s-0-5', 0, 5),
      summary('s-6-7', 6, 7, { pinned: true }),
      summary('s-1-8-other', 1, 8, { chatId: 'c2' as ChatId }),
      fact('from-2', 2),
      fact('from-6', 6),
      fact('pinned-from-6', 6, { pinned: true }),
    ];
    const plan = planTruncateAfter(history(8), memories, id(4));
    expect(plan.messageIds).toEqual([id(5), id(6), id(7), id(8)]);
    expect(plan.memoryIds.sort()).toEqual(['from-6', 's-0-5', 's-6-7']);
    expect(plan.keptSummaries).toEqual([]);
  });

  it('removes nothing when the message is the last one', () => {
    expect(planTruncateAfter(history(4), [summary('s-0-3', 0, 3), fact('f', 4)], id(4))).toEqual({ messageIds: [], memoryIds: [], keptSummaries: [] });
  });

  it('refuses while a later reply is still streaming', () => {
    const messages = [...history(3), msg(4, 'assistant', 'streaming')];
    expect(() => planTruncateAfter(messages, [], id(1))).toThrow(/Stop it first/);
  });

  it('never removes the message or anything before it, and removes everything after', () => {
    const seqs = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(seqs, fc.nat(), fc.array(fc.tuple(fc.nat(60), fc.nat(60))), (list, pick, ranges) => {
        const messages = list.map((seq) => msg(seq));
        const at = messages[pick % messages.length]!;
        const memories = ranges.map(([a, b], i) => summary(`s${i}`, Math.min(a, b), Math.max(a, b)));
        const plan = planTruncateAfter(messages, memories, at.id);
        const removed = new Set(plan.messageIds);
        for (const m of messages) expect(removed.has(m.id)).toBe(m.seq > at.seq);
        const removedMemories = new Set<string>(plan.memoryIds);
        for (const s of memories) expect(removedMemories.has(s.id)).toBe(s.range!.toSeq > at.seq);
      }),
    );
  });
});

describe('applyRemoval', () => {
  it('deletes the planned messages and memories from storage', async () => {
    const repo = createMemoryRepository();
    await repo.messages.bulkPut(history(5));
    await repo.memories.bulkPut([summary('s-0-4', 0, 4), fact('from-5', 5), fact('keep', 1)]);
    await applyRemoval(repo, planTruncateAfter(await repo.messages.listByChat(chatId), await repo.memories.listByChat(chatId), id(2)));
    expect((await repo.messages.listByChat(chatId)).map((m) => m.seq)).toEqual([0, 1, 2]);
    expect((await repo.memories.listByPersona(personaId)).map((m) => m.id)).toEqual(['keep']);
  });

  it('deletes the messages in one bulk call before the memories', async () => {
    const repo = createMemoryRepository();
    const calls: string[] = [];
    const messages = { ...repo.messages, bulkDelete: async (ids: MessageId[]) => void calls.push(`messages ${ids.join(',')}`) };
    const memories = { ...repo.memories, delete: async (memoryId: MemoryId) => void calls.push(`memory ${memoryId}`) };
    await applyRemoval({ messages, memories }, { messageIds: [id(2), id(3)], memoryIds: ['a' as MemoryId, 'b' as MemoryId], keptSummaries: [] });
    expect(calls).toEqual(['messages m2,m3', 'memory a', 'memory b']);
  });

  it('passes storage failures on, changing nothing', async () => {
    const repo = createMemoryRepository();
    await repo.messages.bulkPut(history(3));
    repo.failWritesWith = new StorageError('write-failed', said('text.verbatim', { text: 'disk trouble' }));
    await expect(applyRemoval(repo, { messageIds: [id(3)], memoryIds: [], keptSummaries: [] })).rejects.toThrow('disk trouble');
    expect(await repo.messages.listByChat(chatId)).toHaveLength(4);
  });
});
