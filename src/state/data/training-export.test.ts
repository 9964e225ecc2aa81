import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../../core/chat.ts';
import { english } from '../../core/i18n/message.ts';
import type { ChatId, MessageId, PersonaId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { AppServices } from '../app/services.ts';
import { TrainingExport } from './training-export.svelte.ts';

const persona = createPersona({ name: 'Maren', greeting: 'Welcome.' }, 'p1' as PersonaId, 1);

async function setUp(chats: number) {
  const repo = createMemoryRepository();
  for (let c = 0; c < chats; c++) {
    const chatId = `chat-${c}` as ChatId;
    const chat: Chat = { id: chatId, personaId: persona.id, title: `Chat ${c + 1}`, createdAt: c, updatedAt: c };
    await repo.chats.put(chat);
    const texts: [Message['role'], string][] = [
      ['assistant', 'Welcome.'],
      ['user', 'A room?'],
      ['assistant', 'Upstairs.'],
    ];
    await repo.messages.bulkPut(
      texts.map(([role, text], seq) => ({ id: `${chatId}-${seq}` as MessageId, chatId, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq })),
    );
  }
  const services = { repo, loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => Math.ceil(t.length / 3) }) } as unknown as AppServices;
  const training = new TrainingExport(
    services,
    () => [persona],
    (p) => ({ ...p, user: { ...p.user, name: 'Tom' } }),
  );
  await training.load();
  return training;
}

describe('TrainingExport', () => {
  it('lists chats by persona; choosing a persona chooses its chats; the files split whole chats', async () => {
    const training = await setUp(4);
    expect(training.sources.map((s) => s.chats.length)).toEqual([4]);
    expect(await training.build()).toBeNull();
    expect(english(training.error!)).toBe('Choose at least one chat.');
    training.togglePersona(training.sources[0]!, true);
    expect(training.allChosen(training.sources[0]!)).toBe(true);
    training.options.validationShare = 0.25;
    const files = await training.build();
    expect(files?.map((f) => [f.fileName, f.examples])).toEqual([
      ['egos-training-train.jsonl', 3],
      ['egos-training-validation.jsonl', 1],
    ]);
    expect(JSON.parse(files![0]!.text.split('\n')[0]!).messages.at(-1)).toEqual({ role: 'assistant', content: 'Maren: "Upstairs."' });
    expect(english(training.result!)).toBe('3 training and 1 validation examples from 4 chats; 0 replies left out by the options.');
    expect(training.progress).toBeNull();
  });

  it('refuses a validation share outside 0 to 50 %', async () => {
    const training = await setUp(1);
    training.toggleChat('chat-0' as ChatId, true);
    training.options.validationShare = 0.9;
    expect(await training.build()).toBeNull();
    expect(english(training.error!)).toBe('The validation share must be a number from 0 to 50.');
  });
});
