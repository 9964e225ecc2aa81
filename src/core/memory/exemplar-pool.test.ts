import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Message, MessageVariant } from '../message.ts';
import { noteBudgets } from '../prompt/budget.ts';
import { whyFromRetrieval } from '../prompt/notes.ts';
import { markAccessed } from './access.ts';
import { buildExemplarPool, exemplarMemoriesVersion, keptReplies, MAX_KEPT_REPLIES, newestKept, type KeptReply } from './exemplar-pool.ts';
import type { Memory } from './memory.ts';
import { MemoryIndex } from './memory-index.ts';
import { retrieveForTurn } from './retrieve-for-turn.ts';

const NOW = 1_700_000_000_000;
const CHAT = 'c1' as ChatId;
const OTHER_CHAT = 'c2' as ChatId;
const LI = 'li' as PersonaId;
const DU = 'du' as PersonaId;
const counter = { id: 'chars', count: (s: string) => s.length };
const persona = {
  name: 'Li Bai',
  sampleDialogues: 'Mia: "Poems?"\nLi Bai: "Only with wine in hand."',
  user: { name: 'Mia', description: '' },
};

function mem(id: string, kind: Memory['kind'], text: string): Memory {
  return { id: id as MemoryId, personaId: LI, kind, text, importance: 5, pinned: false, createdAt: NOW, updatedAt: NOW, lastAccessedAt: NOW, accessCount: 0 };
}

const SOURCE =
  'The moon rose over the river. "Only with wine in hand," Li Bai laughed, and filled his cup. ' +
  'Du Fu shook his head. "The boatman waits for no poet," Li Bai said, "not even one who sings to the moon." "Then let him go," Du Fu said.';
const EXPERIENCE = 'Age 25, leaving Sichuan. Li Bai stood at the bow as the gorges closed behind him. "The mountains will remember me," Li Bai said.';

function index(): MemoryIndex {
  return MemoryIndex.build([
    mem('line-1', 'sample-line', 'A cup for the moon, a cup for me.'),
    mem('src-1', 'source-chunk', SOURCE),
    mem('exp-1', 'experience', EXPERIENCE),
    mem('fact-1', 'fact', 'Li Bai said he loves plum wine.'),
  ]);
}

let seq = 0;
function message(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  seq++;
  return { id: `m${seq}` as MessageId, chatId: CHAT, seq, role, text, status: 'complete', createdAt: NOW + seq, updatedAt: NOW + seq, ...extra };
}

function variant(text: string, extra: Partial<MessageVariant> = {}): MessageVariant {
  return { text, status: 'complete', createdAt: NOW + ++seq, ...extra };
}

/** A reply with alternatives, `shown` the one the user chose. */
function swiped(variants: MessageVariant[], shown: number, extra: Partial<Message> = {}): Message {
  const v = variants[shown]!;
  return message('assistant', v.text, { variants, activeVariant: shown, ...(v.rating ? { rating: v.rating } : {}), ...extra });
}

const KEPT: KeptReply[] = [{ id: 'kept-x-0', chatId: OTHER_CHAT, text: 'Pour the wine, the river will not wait.', context: 'Shall we sail tonight?', at: NOW }];

describe('buildExemplarPool', () => {
  it('draws on sample lines, the card, kept replies, experiences and the source, each tagged with where it comes from', () => {
    const pool = buildExemplarPool(persona, index(), CHAT, { kept: KEPT });
    expect(pool.candidates.map((c) => [c.origin, c.text])).toEqual([
      ['sample-line', 'A cup for the moon, a cup for me.'],
      ['card', '"Only with wine in hand."'],
      ['kept-reply', 'Pour the wine, the river will not wait.'],
      ['experience', 'The mountains will remember me.'],
      ['source', 'The boatman waits for no poet.'],
      ['source', 'not even one who sings to the moon.'],
    ]);
    const source = pool.candidates.find((c) => c.origin === 'source');
    expect(source).toMatchObject({ memoryId: 'src-1' });
    expect(source?.context).toContain('Du Fu shook his head.');
    expect(pool.candidates.find((c) => c.origin === 'kept-reply')?.context).toBe('Shall we sail tonight?');
  });

  it('leaves out the card turns and every line repeating them when the system prompt holds the card examples', () => {
    const pool = buildExemplarPool(persona, index(), CHAT, { cardExamples: false, kept: KEPT });
    const texts = pool.candidates.map((c) => c.text);
    expect(pool.candidates.some((c) => c.origin === 'card')).toBe(false);
    // The source's "Only with wine in hand," is the card's line again: selection would add nothing.
    expect(texts.some((t) => t.includes('Only with wine'))).toBe(false);
    expect(texts).toContain('The boatman waits for no poet.');
  });

  it("keeps only the newest kept replies, and no other chat's memories", () => {
    const many = Array.from({ length: MAX_KEPT_REPLIES + 5 }, (_, i): KeptReply => ({
      id: `k${i}`,
      chatId: OTHER_CHAT,
      text: `Line number ${i} of the river song.`,
      at: i,
    }));
    const kept = newestKept(many);
    expect(kept).toHaveLength(MAX_KEPT_REPLIES);
    expect(kept[0]?.id).toBe(`k${MAX_KEPT_REPLIES + 4}`);
    const elsewhere = MemoryIndex.build([{ ...mem('src-2', 'source-chunk', '"Never again," Li Bai swore.'), chatId: OTHER_CHAT }]);
    expect(buildExemplarPool(persona, elsewhere, CHAT).candidates.map((c) => c.origin)).toEqual(['card']);
  });
});

describe('exemplarMemoriesVersion', () => {
  it('changes with the memories a pool reads and their vectors, not with facts or recalls', () => {
    const idx = index();
    const seen = [exemplarMemoriesVersion(idx, CHAT)];
    idx.upsert(mem('fact-2', 'fact', 'Li Bai dislikes rain.'));
    idx.upsert(markAccessed(idx.get('src-1')!, NOW + 5));
    expect(exemplarMemoriesVersion(idx, CHAT)).toBe(seen[0]);
    idx.upsert({ ...idx.get('exp-1')!, text: `${EXPERIENCE} "Farewell," Li Bai said.`, updatedAt: NOW + 9 });
    seen.push(exemplarMemoriesVersion(idx, CHAT));
    idx.setEmbeddingModel('e5');
    idx.upsert({ ...idx.get('src-1')!, embedding: { model: 'e5', vector: Float32Array.from([1, 0]) } });
    seen.push(exemplarMemoriesVersion(idx, CHAT));
    idx.remove('line-1');
    seen.push(exemplarMemoriesVersion(idx, CHAT));
    expect(new Set(seen).size).toBe(4);
  });
});

describe('keptReplies', () => {
  it('keeps replies rated up and the alternative chosen among several, with the user line they answered', () => {
    seq = 0;
    const messages = [
      message('assistant', 'Welcome, traveller.'),
      message('user', 'Will you write me a poem?'),
      swiped([variant('No.'), variant('Bring wine first, then we talk of poems.')], 1),
      message('user', 'And the moon?'),
      message('assistant', 'The moon is my oldest drinking friend.', { rating: 'up' }),
      message('user', 'Sing!'),
      swiped([variant('I sing to the river.', { rating: 'up' }), variant('La la la.', { rating: 'down' })], 1),
      message('assistant', 'A failed reply.', { status: 'error', rating: 'up' }),
      message('assistant', 'Du Fu speaks here.', { speakerId: DU, rating: 'up' }),
    ];
    const kept = keptReplies(messages, { personaId: LI, host: LI });
    expect(kept.map((k) => [k.text, k.context])).toEqual([
      ['Bring wine first, then we talk of poems.', 'Will you write me a poem?'],
      ['The moon is my oldest drinking friend.', 'And the moon?'],
      ['I sing to the river.', 'Sing!'],
    ]);
    expect(kept[0]).toMatchObject({ id: `kept-${messages[2]!.id}-1`, chatId: CHAT });
    expect(keptReplies(messages, { personaId: DU, host: LI }).map((k) => k.text)).toEqual(['Du Fu speaks here.']);
  });
});

describe('exemplars chosen by the context', () => {
  it('picks the source line that matches, says where it came from, and never repeats a kept reply the prompt holds', () => {
    const pool = buildExemplarPool(persona, index(), CHAT, { cardExamples: false, kept: KEPT });
    const r = retrieveForTurn({
      index: index(),
      chatId: CHAT,
      persona,
      messages: [{ role: 'user', text: 'The boatman is waiting by the river, will you come?' }],
      promptText: 'Li Bai: "Pour the wine, the river will not wait."',
      budgets: noteBudgets(4096),
      tokenCounter: counter,
      now: NOW,
      exemplars: pool,
      options: { exemplarCount: 3 },
    });
    expect(r.exemplars.slice(0, 2).map((i) => [i.origin, i.text])).toEqual([
      ['source', 'The boatman waits for no poet.'],
      ['source', 'not even one who sings to the moon.'],
    ]);
    expect(r.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 'exemplar', id: 'kept-x-0', why: 'duplicate' })]));
    expect(r.exemplars.map((i) => i.origin)).not.toContain('kept-reply');
    expect(
      whyFromRetrieval(r)
        .filter((w) => w.slot === 'exemplar')
        .slice(0, 2),
    ).toEqual([
      expect.objectContaining({ kind: 'source-chunk', origin: 'source', text: 'The boatman waits for no poet.' }),
      expect.objectContaining({ kind: 'source-chunk', origin: 'source', text: 'not even one who sings to the moon.' }),
    ]);
    expect(r.accessedIds.filter((id) => id === 'src-1')).toHaveLength(1);
  });
});
