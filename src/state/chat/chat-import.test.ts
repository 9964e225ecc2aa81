import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { english } from '../../core/i18n/message.ts';
import type { AppServices } from '../app/services.ts';
import { PersonaStore } from '../persona/persona-store.svelte.ts';
import { ChatImport } from './chat-import.svelte.ts';

function file(name: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.length, arrayBuffer: async () => bytes.buffer };
}

function chatText(character: string, count: number): string {
  const lines = [JSON.stringify({ user_name: 'Alex', character_name: character, create_date: '2024-5-1 @12h 00m 00s 000ms' })];
  for (let i = 0; i < count; i++)
    lines.push(JSON.stringify({ name: i % 2 ? 'Alex' : character, is_user: i % 2 === 1, send_date: 1_700_000_000_000 + i, mes: `Line ${i}` }));
  return lines.join('\n');
}

function setUp() {
  const repo = createMemoryRepository();
  let clock = 1000;
  const services = { repo, now: () => ++clock } as unknown as AppServices;
  const personas = new PersonaStore(services);
  const stored: string[] = [];
  const importer = new ChatImport(
    services,
    personas,
    (name) => (name === 'Alex' ? 'you-1' : undefined),
    (chat) => stored.push(chat.id),
  );
  return { repo, personas, importer, stored };
}

describe('ChatImport', () => {
  it('reads a file for review, suggests the persona of the same name, and stores the chat there with the user mapped to their "you"', async () => {
    const { repo, personas, importer, stored } = setUp();
    const maren = await personas.create({ name: 'Maren' });
    expect(await importer.read(file('inn.jsonl', chatText('maren', 4)))).toBe(true);
    expect(importer.phase).toBe('review');
    expect(importer.review).toMatchObject({ fileName: 'inn.jsonl', characterName: 'maren', userName: 'Alex', messages: 4, suggested: maren.id });
    const chat = await importer.store(maren.id);
    expect(chat).toMatchObject({ personaId: maren.id, title: 'Imported chat', userPersonaId: 'you-1' });
    expect((await repo.messages.listByChat(chat!.id)).map((m) => [m.role, m.text])).toEqual([
      ['assistant', 'Line 0'],
      ['user', 'Line 1'],
      ['assistant', 'Line 2'],
      ['user', 'Line 3'],
    ]);
    expect(importer.result?.messages).toBe(4);
    expect(stored).toEqual([chat!.id]);
    expect([importer.phase, importer.review]).toEqual(['idle', null]);
  });

  it('creates a persona named like the character, in the language of the messages', async () => {
    const { personas, importer } = setUp();
    const text = chatText('林晚', 2).replace(/Line (\d)/g, '你好，今天花店生意怎么样？$1');
    await importer.read(file('lin.jsonl', text));
    expect(importer.review?.suggested).toBeNull();
    const chat = await importer.store('new');
    const created = personas.get(chat!.personaId);
    expect(created).toMatchObject({ name: '林晚', language: 'zh' });
  });

  it('refuses a malformed file with its line, and stores nothing', async () => {
    const { repo, personas, importer } = setUp();
    const broken = `${chatText('Maren', 3)}\n{"name": "Maren", "mes": `;
    expect(await importer.read(file('bad.jsonl', broken))).toBe(false);
    expect(english(importer.error!)).toMatch(/^Line 5 of bad\.jsonl is not JSON/);
    expect([importer.phase, importer.review]).toEqual(['idle', null]);
    expect(personas.list).toEqual([]);
    expect(repo.messageWrites).toEqual([]);
    expect(await importer.read(file('bin.jsonl', 'PK\u0003\u0004\u0000\u0000'))).toBe(false);
    expect(english(importer.error!)).toBe('bin.jsonl is not a text file, so it is not a SillyTavern chat. Nothing was imported.');
  });

  it('Cancel while storing removes the chat and the persona the import created', async () => {
    const { repo, personas, importer } = setUp();
    await importer.read(file('long.jsonl', chatText('Maren', 5000)));
    const storing = importer.store('new');
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(importer.phase).toBe('storing');
    importer.cancel();
    expect(await storing).toBeNull();
    expect(english(importer.note!)).toBe('The import was cancelled; nothing was added.');
    expect(personas.list).toEqual([]);
    expect(await repo.personas.list()).toEqual([]);
    const chats = [...new Set(repo.messageWrites.map((m) => m.chatId))];
    expect(repo.messageWrites.length).toBeGreaterThan(0);
    for (const id of chats) expect(await repo.messages.listByChat(id)).toEqual([]);
  });
});
