import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../chat.ts';
import { StorageError } from '../errors/index.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { initialPersonaState, type PersonaState } from '../persona/index.ts';
import { countCharacterReplies, planBranch, saveBranch } from './branch-chat.ts';
import { chat, chatId, fact, history, msg, personaId, summary } from './test-fixtures.ts';
import { msg as said } from '../i18n/message.ts';

const id = (seq: number) => `m${seq}` as MessageId;

function stateWithHistory(): PersonaState {
  const start = initialPersonaState('en', { mood: 'shy', closeness: 0 });
  return {
    ...start,
    mood: 'warm',
    closeness: 2,
    lastUpdateTurn: 4,
    history: [
      { at: 10, turnSeq: 2, mood: 'curious', closeness: 1, reason: 'r1', source: 'model' },
      { at: 20, turnSeq: 4, mood: 'warm', closeness: 2, reason: 'r2', source: 'model' },
    ],
  };
}

describe('countCharacterReplies', () => {
  it('counts complete replies after the first user line, not the greeting', () => {
    const messages = [msg(0), msg(1), msg(2), msg(3), msg(4, 'assistant', 'interrupted'), msg(5), msg(6)];
    expect(countCharacterReplies(messages)).toBe(2);
    expect(countCharacterReplies([msg(0)])).toBe(0);
  });
});

describe('planBranch', () => {
  it('creates a new chat that remembers where it came from, with copies of the history up to the message', () => {
    const messages = history(8).map((m) =>
      m.seq === 2 ? { ...m, raw: '"line 2"', why: [{ slot: 'memory' as const, kind: 'fact', text: 't', score: 1, reason: 'r' }] } : m,
    );
    const branch = planBranch({ chat: chat(), messages, memories: [], atMessageId: id(4), now: 100 });
    expect(branch.chat).toMatchObject({ personaId, title: 'Tea house (branch)', createdAt: 100, updatedAt: 100, branchedFrom: { chatId, messageId: id(4) } });
    expect(branch.chat.id).not.toBe(chatId);
    expect(branch.messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4]);
    for (const [i, copy] of branch.messages.entries()) {
      const original = messages[i]!;
      expect(copy.chatId).toBe(branch.chat.id);
      expect(copy.id).not.toBe(original.id);
      expect({ ...copy, id: original.id, chatId }).toEqual(original);
    }
  });

  it('uses the given title, falling back to the default when blank', () => {
    const base = { chat: chat(), messages: history(2), memories: [], atMessageId: id(1), now: 1 };
    expect(planBranch({ ...base, title: '  What if  ' }).chat.title).toBe('What if');
    expect(planBranch({ ...base, title: ' ' }).chat.title).toBe('Tea house (branch)');
  });

  it('a group chat’s branch keeps its members and turn order (its own copy), each reply its speaker and cue, and every character’s facts', () => {
    const members = [{ personaId }, { personaId: 'p2' as PersonaId, muted: true }];
    const source = chat({ members, turnOrder: 'random' });
    const messages = history(5).map((m) =>
      m.seq === 2 ? { ...m, speakerId: personaId } : m.seq === 3 ? { ...m, role: 'assistant' as const, speakerId: 'p2' as PersonaId, cue: "[Ada's turn]" } : m,
    );
    const memories = [fact('host-fact', 2), fact('member-fact', 3, { personaId: 'p2' as PersonaId })];
    const branch = planBranch({ chat: source, messages, memories, atMessageId: id(4), now: 1 });
    expect(branch.chat).toMatchObject({ personaId, members, turnOrder: 'random' });
    expect(branch.chat.members).not.toBe(source.members);
    expect(branch.chat.members?.[1]).not.toBe(members[1]);
    expect(branch.messages.find((m) => m.seq === 2)).toMatchObject({ speakerId: personaId });
    expect(branch.messages.find((m) => m.seq === 3)).toMatchObject({ speakerId: 'p2', cue: "[Ada's turn]" });
    expect(branch.memories.map((m) => [m.text, m.personaId])).toEqual([
      ['host-fact', personaId],
      ['member-fact', 'p2'],
    ]);
  });

  it('a one-to-one chat’s branch stays one-to-one', () => {
    const branch = planBranch({ chat: chat(), messages: history(3), memories: [], atMessageId: id(2), now: 1 });
    expect(branch.chat.members).toBeUndefined();
    expect('members' in branch.chat).toBe(false);
  });

  it('leaves out replies still streaming and refuses to branch at one', () => {
    const messages = [...history(3), msg(4, 'assistant', 'streaming')];
    expect(() => planBranch({ chat: chat(), messages, memories: [], atMessageId: id(4), now: 1 })).toThrow(/Stop it or let it finish/);
    expect(() => planBranch({ chat: chat(), messages, memories: [], atMessageId: 'nope' as MessageId, now: 1 })).toThrow(StorageError);
  });

  it('copies summaries wholly inside the branch and facts from copied lines, remapped to the copies', () => {
    const embedding = { model: 'e5', vector: new Float32Array([0.5, 0.25]) };
    const memories: Memory[] = [
      summary('s-0-3', 0, 3, { embedding }),
      summary('s-0-6', 0, 6),
      summary('s-other', 0, 2, { chatId: 'c2' as ChatId }),
      fact('from-2', 2, { embedding }),
      fact('from-6', 6),
      fact('persona-level', 2, { chatId: undefined }),
    ];
    const branch = planBranch({ chat: chat(), messages: history(8), memories, atMessageId: id(4), now: 1 });
    expect(branch.memories.map((m) => m.text)).toEqual(['s-0-3', 'from-2']);
    for (const m of branch.memories) {
      expect(m.chatId).toBe(branch.chat.id);
      expect(memories.some((o) => o.id === m.id)).toBe(false);
      expect(m.embedding?.vector).toEqual(embedding.vector);
    }
    const copyOf2 = branch.messages.find((m) => m.seq === 2)!;
    expect(branch.memories[1]!.sourceMessageId).toBe(copyOf2.id);
    expect(branch.memories[0]!.range).toEqual({ fromSeq: 0, toSeq: 3 });
  });

  it('rewinds the persona state to the replies made up to the branch point', () => {
    const source = chat({ personaState: stateWithHistory() });
    const at = (seq: number) => planBranch({ chat: source, messages: history(10), memories: [], atMessageId: id(seq), now: 1 }).chat.personaState;
    expect(at(4)).toMatchObject({ mood: 'curious', closeness: 1, lastUpdateTurn: 2, history: [{ turnSeq: 2 }] });
    expect(at(8)?.history).toHaveLength(2);
    expect(at(2)).toMatchObject({ mood: 'shy', closeness: 0, lastUpdateTurn: 0, history: [] });
    expect(planBranch({ chat: chat(), messages: history(2), memories: [], atMessageId: id(2), now: 1 }).chat.personaState).toBeUndefined();
  });

  it('never changes its inputs and never copies a line after the branch point', () => {
    const messageList = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(messageList, fc.nat(), fc.array(fc.tuple(fc.nat(40), fc.nat(40), fc.boolean())), (seqs, pick, specs) => {
        const messages: Message[] = seqs.map((seq) => msg(seq, seq % 2 ? 'user' : 'assistant', seq % 7 === 6 ? 'streaming' : 'complete'));
        const complete = messages.filter((m) => m.status !== 'streaming');
        if (complete.length === 0) return;
        const at = complete[pick % complete.length]!;
        const memories = specs.map(([a, b, isFact], i) => (isFact ? fact(`f${i}`, a) : summary(`s${i}`, Math.min(a, b), Math.max(a, b))));
        const source: Chat = chat({ personaState: stateWithHistory() });
        const before = structuredClone({ source, messages, memories });
        const branch = planBranch({ chat: source, messages, memories, atMessageId: at.id, now: 5 });
        expect({ source, messages, memories }).toEqual(before);
        expect(branch.messages.every((m) => m.seq <= at.seq && m.status !== 'streaming' && m.chatId === branch.chat.id)).toBe(true);
        expect(branch.memories.every((m) => m.kind === 'fact' || m.range!.toSeq <= at.seq)).toBe(true);
        const copiedIds = new Set<string>(branch.messages.map((m) => m.id));
        expect(branch.memories.filter((m) => m.kind === 'fact').every((m) => copiedIds.has(m.sourceMessageId!))).toBe(true);
      }),
    );
  });
});

describe('saveBranch', () => {
  it('stores the messages, memories and chat so the branch reads back whole', async () => {
    const repo = createMemoryRepository();
    const branch = planBranch({ chat: chat(), messages: history(5), memories: [summary('s', 0, 2), fact('f', 1)], atMessageId: id(3), now: 7 });
    await saveBranch(repo, branch);
    expect(await repo.chats.get(branch.chat.id)).toEqual(branch.chat);
    expect(await repo.messages.listByChat(branch.chat.id)).toEqual(branch.messages);
    expect(await repo.memories.listByChat(branch.chat.id)).toEqual(branch.memories);
  });

  it('writes the chat last and removes what it wrote when that fails', async () => {
    const repo = createMemoryRepository();
    const branch = planBranch({ chat: chat(), messages: history(5), memories: [fact('f', 1)], atMessageId: id(3), now: 7 });
    const failure = new StorageError('quota-exceeded', said('text.verbatim', { text: 'Storage is full' }));
    const chats = { ...repo.chats, put: async () => Promise.reject(failure) };
    await expect(saveBranch({ ...repo, chats }, branch)).rejects.toBe(failure);
    expect(await repo.messages.listByChat(branch.chat.id)).toEqual([]);
    expect(await repo.memories.listByChat(branch.chat.id)).toEqual([]);
  });

  it('writes no chat when the messages cannot be saved', async () => {
    const repo = createMemoryRepository();
    const branch = planBranch({ chat: chat(), messages: history(3), memories: [], atMessageId: id(3), now: 7 });
    repo.failWritesWith = new StorageError('quota-exceeded', said('text.verbatim', { text: 'Storage is full' }));
    await expect(saveBranch(repo, branch)).rejects.toThrow('Storage is full');
    repo.failWritesWith = null;
    expect(await repo.chats.get(branch.chat.id)).toBeUndefined();
    expect(repo.messageWrites).toEqual([]);
  });
});
