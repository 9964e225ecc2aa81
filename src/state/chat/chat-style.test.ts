import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { StorageError } from '../../core/errors/index.ts';
import { groupFields } from '../../core/group-chat.ts';
import { english, msg } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { CompletionRequest, EngineCapabilities } from '../../core/llm-engine.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import { DEFAULT_STYLE, type StyleSettings } from '../../core/style-controls.ts';
import { ChatController } from './chat-controller.ts';
import { chatTestParts, chatTestServices } from './chat-services.test-support.ts';

function ada(style: Partial<StyleSettings> = {}): Persona {
  return createPersona(
    {
      name: 'Ada',
      description: 'A navigator.',
      greeting: 'Good evening.',
      replyForm: 'line',
      user: { name: 'Tom', description: '' },
      style: { ...DEFAULT_STYLE, ...style },
    },
    'p1' as PersonaId,
    1,
  );
}

/** An open chat of `persona` (a group chat when `cast` is given, the user picking who speaks). */
async function setUp(persona: Persona, cast: Persona[] = []) {
  const repo = createMemoryRepository();
  const services = chatTestServices(repo);
  const group = cast.length > 0 ? groupFields([persona.id, ...cast.map((p) => p.id)], 'pick') : undefined;
  const { chat } = await startChat({ ...repo, now: services.now }, persona, undefined, group);
  const parts = chatTestParts(services, chat, persona, { contextWindow: 8192, ...(group ? { cast: [persona, ...cast] } : {}) });
  const controller = new ChatController(services, chat, persona, parts, () => {});
  await controller.load();
  return { repo, chat, controller };
}

/**
 * A scripted engine that answers each reply with the next of `replies` and every background call
 * (mood, facts: constrained JSON) with an empty object; `replyRequests` are the reply prompts alone.
 */
function engine(replies: readonly string[], capabilities: Partial<EngineCapabilities> = {}) {
  let next = 0;
  const e = new ScriptedEngine((request) => (request.responseFormat ? '{}' : (replies[next++] ?? 'x."')), { capabilities });
  e.modelId = 'test-model';
  return Object.assign(e, { replyRequests: () => e.requests.filter((r) => !r.responseFormat) });
}

const promptOf = (r: CompletionRequest | undefined): string => (r?.input.kind === 'prompt' ? r.input.prompt : '');
const chatMessagesOf = (r: CompletionRequest | undefined) => (r?.input.kind === 'chat' ? r.input.messages : []);

async function sendAll(controller: ChatController, e: ScriptedEngine, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) expect(await controller.send(`Line ${i}.`, e)).toEqual({ kind: 'sent' });
}

describe('style drift in an open chat (scripted engine)', () => {
  it('emoji where none is asked for: from the fifth reply a reminder rides in the newest turn’s notes, and the Why entry says so', async () => {
    const { repo, chat, controller } = await setUp(ada({ emoji: 0 }));
    const e = engine(Array(5).fill('Aye, the sea is calm. We sail at dawn 😊"'));
    await sendAll(controller, e, 4);
    expect(promptOf(e.replyRequests()[3])).not.toContain('Style reminder');
    expect(controller.messages.at(-1)?.why ?? []).not.toContainEqual(expect.objectContaining({ slot: 'style' }));
    await sendAll(controller, e, 1);
    const prompt = promptOf(e.replyRequests()[4]);
    expect(prompt).toContain('Tom: "Line 1."\n\n[Notes for Ada, not said aloud]\n- Style reminder: Do not use emoji or kaomoji.\n\n');
    // Never in the system prompt: there the persona's own style line stays as it was.
    const system = prompt.split('<|im_end|>')[0] ?? '';
    expect(system).not.toContain('Style reminder');
    expect(system).toContain('- Do not use emoji or kaomoji.');
    const reply = (await repo.messages.listByChat(chat.id)).at(-1);
    expect(reply?.why).toContainEqual({
      slot: 'style',
      kind: 'style-correction',
      text: 'Style reminder: Do not use emoji or kaomoji.',
      score: 0,
      reason: '',
      style: { control: 'emoji', target: 0, actual: 2 },
    });
  });

  it('long replies where one sentence is asked for get the one-sentence reminder (chat layout: stored with the user’s line)', async () => {
    const { repo, chat, controller } = await setUp(ada({ replyLength: 0 }));
    const long = 'The harbour is quiet tonight. The boats are in. My father built the pier. He worked on it for years. I still walk it every night.';
    const e = engine(Array(5).fill(`Ada: "${long}"`), { rawCompletion: false, promptCache: 'chat' });
    await sendAll(controller, e, 5);
    const messages = chatMessagesOf(e.replyRequests()[4]);
    expect(messages[0]?.content).not.toContain('Style reminder');
    expect(messages.at(-1)?.content).toContain('- Style reminder: Reply with one short sentence.');
    const stored = await repo.messages.listByChat(chat.id);
    expect(stored.at(-2)?.raw).toContain('Style reminder: Reply with one short sentence.');
    expect(stored.at(-1)?.why).toContainEqual(expect.objectContaining({ slot: 'style', style: { control: 'replyLength', target: 0, actual: 2 } }));
  });

  it('a chat that keeps to its style gets no reminder and no style Why entry', async () => {
    const { repo, chat, controller } = await setUp(ada({ emoji: 0, replyLength: 1, emotionalIntensity: 0, initiative: 0 }));
    const e = engine(Array(6).fill('Yes. I remember the harbour. It was quiet."'));
    await sendAll(controller, e, 6);
    expect(
      e
        .replyRequests()
        .map(promptOf)
        .filter((p) => p.includes('Style reminder')),
    ).toEqual([]);
    const why = (await repo.messages.listByChat(chat.id)).flatMap((m) => m.why ?? []);
    expect(why.filter((w) => w.slot === 'style')).toEqual([]);
  });

  it('in a group chat only the speaking character’s own replies count', async () => {
    const tobin = createPersona({ name: 'Tobin', description: 'The cook.', replyForm: 'line', style: { ...DEFAULT_STYLE } }, 'p2' as PersonaId, 1);
    const { controller } = await setUp(ada(), [tobin]);
    const e = engine([...Array(4).fill('Aye. Fair winds 😊"'), ...Array(4).fill('Stew. Again. Sorry."'), 'Tobin here. Stew."', 'Ada here. Course set."']);
    for (const [who, times] of [
      ['p1', 4],
      ['p2', 4],
    ] as const) {
      for (let i = 0; i < times; i++) {
        await controller.send(`Line ${who} ${i}.`, e);
        expect(await controller.speak(who as PersonaId, e)).toEqual({ kind: 'done' });
      }
    }
    await controller.send('Dinner?', e);
    await controller.speak('p2' as PersonaId, e);
    expect(promptOf(e.replyRequests()[8])).not.toContain('Style reminder: Do not use emoji');
    await controller.send('Course?', e);
    await controller.speak('p1' as PersonaId, e);
    expect(promptOf(e.replyRequests()[9])).toContain('- Style reminder: Do not use emoji or kaomoji.');
  });
});

describe('the chat’s own style', () => {
  it('saves with an explicit outcome, goes on top of the persona’s in the system prompt and the drift target, and clears', async () => {
    const { repo, chat, controller } = await setUp(ada({ emoji: 0 }));
    expect(await controller.setChatStyle({ emoji: 2 })).toEqual({ kind: 'done' });
    expect((await repo.chats.get(chat.id))?.style).toEqual({ emoji: 2 });
    expect(controller.chat.style).toEqual({ emoji: 2 });
    const e = engine(Array(6).fill('Aye, the sea is calm. We sail at dawn 😊"'));
    await sendAll(controller, e, 5);
    const system = promptOf(e.replyRequests()[4]).split('<|im_end|>')[0] ?? '';
    expect(system).toContain('- Use emoji or kaomoji often, such as ^_^.');
    expect(system).not.toContain('Do not use emoji');
    // The emoji are what this chat asks for now: no reminder.
    expect(promptOf(e.replyRequests()[4])).not.toContain('Style reminder');
    expect(await controller.setChatStyle(null)).toEqual({ kind: 'done' });
    expect((await repo.chats.get(chat.id))?.style).toBeUndefined();
    await sendAll(controller, e, 1);
    expect(promptOf(e.replyRequests()[5])).toContain('- Style reminder: Do not use emoji or kaomoji.');
  });

  it('refuses a level out of scale or an unknown control with the reason, storing nothing', async () => {
    const { repo, chat, controller } = await setUp(ada());
    const outcome = await controller.setChatStyle({ emoji: 5 });
    expect(outcome.kind === 'refused' && english(outcome.reason)).toBe('Emoji and kaomoji takes a level from 0 to 2. Pick one of its levels.');
    const unknown = await controller.setChatStyle({ sarcasm: 1 } as Partial<StyleSettings>);
    expect(unknown.kind).toBe('refused');
    expect((await repo.chats.get(chat.id))?.style).toBeUndefined();
    expect(controller.chat.style).toBeUndefined();
  });

  it('an empty set of values removes the chat’s own style; a failed save says why and changes nothing', async () => {
    const { repo, chat, controller } = await setUp(ada());
    await controller.setChatStyle({ narration: 2 });
    expect(await controller.setChatStyle({})).toEqual({ kind: 'done' });
    expect((await repo.chats.get(chat.id)) satisfies Chat | undefined).not.toHaveProperty('style');
    repo.failWritesWith = new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveMessage') }));
    expect(await controller.setChatStyle({ emoji: 1 })).toMatchObject({ kind: 'failed' });
    expect(controller.chat.style).toBeUndefined();
  });
});
