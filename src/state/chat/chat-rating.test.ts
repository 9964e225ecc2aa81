import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { english } from '../../core/i18n/message.ts';
import type { MessageId, PersonaId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createPersona } from '../../core/persona/index.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatController, type ChatOutcome } from './chat-controller.ts';
import { chatTestParts, chatTestServices } from './chat-services.test-support.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

/** A controller on a chat with `turns` user lines, each answered. */
async function setUp(turns: number) {
  const repo = createMemoryRepository();
  const services = chatTestServices(repo, createLocalChatLocks());
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const lines: Message[] = Array.from({ length: turns * 2 }, (_, i) => ({
    id: `m${i}` as MessageId,
    chatId: chat.id,
    seq: i + 1,
    role: i % 2 === 0 ? 'user' : 'assistant',
    text: i % 2 === 0 ? `Question ${i / 2}` : `Answer ${(i - 1) / 2}`,
    status: 'complete',
    createdAt: 1,
    updatedAt: 1,
  }));
  await repo.messages.bulkPut(lines);
  const controller = new ChatController(services, chat, persona, chatTestParts(services, chat, persona), () => {});
  await controller.load();
  return { repo, chat, controller };
}

const reason = (outcome: ChatOutcome) => (outcome.kind === 'refused' ? english(outcome.reason) : outcome.kind);
const stored = async (repo: ReturnType<typeof createMemoryRepository>, chat: Chat) => (await repo.chats.get(chat.id))?.rating;

describe("the user's rating of a chat", () => {
  it('is refused before 20 user turns, with the reason, and nothing is stored', async () => {
    const { repo, chat, controller } = await setUp(19);
    expect(reason(await controller.setRating({ scores: { overall: 4 }, comment: '' }))).toBe(
      'A chat can be rated after 20 of your turns; this one has 19. Keep chatting, then rate it.',
    );
    expect(await stored(repo, chat)).toBeUndefined();
  });

  it('is stored on the chat after 20 turns, and can be removed', async () => {
    const { repo, chat, controller } = await setUp(20);
    const outcome = await controller.setRating({ scores: { consistency: 5, overall: 4, memory: null }, comment: '  Lovely.  ' });
    expect(outcome).toEqual({ kind: 'done' });
    const rating = await stored(repo, chat);
    expect(rating).toMatchObject({ scores: { consistency: 5, overall: 4 }, comment: 'Lovely.', userTurns: 20 });
    expect(controller.chat.rating).toEqual(rating);
    expect(await controller.setRating(null)).toEqual({ kind: 'done' });
    expect(await stored(repo, chat)).toBeUndefined();
  });

  it.each([
    [{ scores: { overall: 6 }, comment: '' }, 'The score of overall must be a whole number from 1 to 5.'],
    [{ scores: { overall: 2.5 }, comment: '' }, 'The score of overall must be a whole number from 1 to 5.'],
    [{ scores: { wit: 3 }, comment: '' }, '"wit" is not a dimension that can be rated.'],
    [{ scores: { overall: null }, comment: 'Nice' }, 'Choose a score for at least one dimension.'],
    [{ scores: { overall: 3 }, comment: 'x'.repeat(2001) }, 'The comment is too long: shorten it to at most 2000 characters.'],
  ])('refuses bad input with a named reason and stores nothing (%#)', async (input, why) => {
    const { repo, chat, controller } = await setUp(20);
    expect(reason(await controller.setRating(input))).toBe(why);
    expect(await stored(repo, chat)).toBeUndefined();
  });
});
