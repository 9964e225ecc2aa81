import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { StorageError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { PersonaId } from '../ids.ts';
import { readInSteps, storeInBatches, type ImportProgress } from './import-chat.ts';
import { SillyTavernChatReader } from './sillytavern-chat.ts';

const personaId = 'p1' as PersonaId;

/** Every message still stored in the chats anything was written to. */
async function messagesLeft(repo: ReturnType<typeof createMemoryRepository>): Promise<number> {
  const chats = [...new Set(repo.messageWrites.map((m) => m.chatId))];
  return (await Promise.all(chats.map((id) => repo.messages.listByChat(id)))).flat().length;
}
const pause = () => Promise.resolve();

function chatFile(count: number, broken?: number): string {
  const lines = [JSON.stringify({ user_name: 'Tom', character_name: 'Maren', create_date: '2024-5-1 @12h 00m 00s 000ms' })];
  for (let i = 0; i < count; i++) {
    lines.push(
      i + 2 === broken
        ? '{oops'
        : JSON.stringify({ name: i % 2 ? 'Tom' : 'Maren', is_user: i % 2 === 1, send_date: 1_700_000_000_000 + i, mes: `Message ${i}` }),
    );
  }
  return lines.join('\n');
}

describe('chat import in steps', () => {
  it('reads in steps with progress, then stores in batches with progress: the whole chat, in order', async () => {
    const repo = createMemoryRepository();
    const reader = new SillyTavernChatReader(chatFile(10), 'big.jsonl');
    const seen: ImportProgress[] = [];
    expect(await readInSteps(reader, { pause, onProgress: (p) => seen.push(p) }, 4)).toBe(true);
    const outcome = await storeInBatches(
      { ...repo, now: () => 5 },
      reader,
      personaId,
      { fallbackTitle: 'Imported chat' },
      { pause, onProgress: (p) => seen.push(p) },
      3,
    );
    expect(seen.map((p) => `${p.phase} ${p.done}/${p.total}`)).toEqual([
      'reading 4/10',
      'reading 8/10',
      'reading 10/10',
      'storing 3/10',
      'storing 6/10',
      'storing 9/10',
      'storing 10/10',
    ]);
    if (outcome.kind !== 'stored') throw new Error('not stored');
    expect(outcome.chat).toMatchObject({ personaId, title: 'Imported chat', createdAt: Date.UTC(2024, 4, 1, 12) });
    const stored = await repo.messages.listByChat(outcome.chat.id);
    expect(stored.map((m) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `Message ${i}`));
    expect(stored.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops reading on a malformed line: the error names it, and nothing is stored', async () => {
    const repo = createMemoryRepository();
    const reader = new SillyTavernChatReader(chatFile(10, 9), 'big.jsonl');
    await expect(readInSteps(reader, { pause }, 4)).rejects.toThrow(/^Line 9 of big\.jsonl is not JSON/);
    expect(await repo.chats.listByPersona(personaId)).toEqual([]);
  });

  it('a cancel while reading or storing leaves nothing stored', async () => {
    const repo = createMemoryRepository();
    const reading = new AbortController();
    const reader = new SillyTavernChatReader(chatFile(10), 'big.jsonl');
    expect(await readInSteps(reader, { pause, signal: reading.signal, onProgress: () => reading.abort() }, 4)).toBe(false);
    reader.readAll();
    const storing = new AbortController();
    const steps = { pause, signal: storing.signal, onProgress: (p: ImportProgress) => p.done >= 6 && storing.abort() };
    const seen: string[] = [];
    const watched = { ...steps, onProgress: (p: ImportProgress) => (seen.push(`${p.phase} ${p.done}/${p.total}`), steps.onProgress(p)) };
    expect(await storeInBatches({ ...repo, now: () => 5 }, reader, personaId, { fallbackTitle: 'x' }, watched, 3)).toEqual({ kind: 'cancelled' });
    expect(seen).toEqual(['storing 3/10', 'storing 6/10', 'removing 3/6', 'removing 6/6']);
    expect(await repo.chats.listByPersona(personaId)).toEqual([]);
    expect(repo.messageWrites.length).toBeGreaterThan(0);
    expect(await messagesLeft(repo)).toBe(0);
  });

  it('a batch that cannot be stored removes the partial chat and reports the failure', async () => {
    const repo = createMemoryRepository();
    const reader = new SillyTavernChatReader(chatFile(10), 'big.jsonl').readAll();
    let calls = 0;
    const bulkPut = repo.messages.bulkPut.bind(repo.messages);
    repo.messages.bulkPut = async (list) => {
      if (++calls === 2) throw new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveMessages') }));
      await bulkPut(list);
    };
    await expect(storeInBatches({ ...repo, now: () => 5 }, reader, personaId, { fallbackTitle: 'x' }, { pause }, 3)).rejects.toBeInstanceOf(StorageError);
    expect(await repo.chats.listByPersona(personaId)).toEqual([]);
    expect(repo.messageWrites.length).toBeGreaterThan(0);
    expect(await messagesLeft(repo)).toBe(0);
  });
});
