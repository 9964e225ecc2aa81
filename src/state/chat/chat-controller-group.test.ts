import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine, type Script } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { groupFields } from '../../core/group-chat.ts';
import { english } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { CompletionRequest } from '../../core/llm-engine.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import { planBranch } from '../../core/history/index.ts';
import { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { ChatController } from './chat-controller.ts';
import { chatTestParts, chatTestServices } from './chat-services.test-support.ts';

const maren = createPersona({ name: 'Maren Holt', description: 'A ship captain.', greeting: 'Welcome aboard.', replyForm: 'line' }, 'p-maren' as PersonaId, 1);
const tobin = createPersona({ name: 'Tobin', description: 'The cook.', replyForm: 'scene' }, 'p-tobin' as PersonaId, 1);
const ada = createPersona({ name: 'Ada', description: 'The navigator.', replyForm: 'line' }, 'p-ada' as PersonaId, 1);
const cast = [maren, tobin, ada];

/** The prompt of a raw-completion request (the single layout). */
const promptOf = (r: CompletionRequest | undefined) => (r?.input.kind === 'prompt' ? r.input.prompt : '');

async function setUp(options: { order?: Chat['turnOrder']; random?: () => number; capabilities?: ConstructorParameters<typeof ScriptedEngine>[1] } = {}) {
  const repo = createMemoryRepository();
  for (const p of cast) await repo.personas.put(p);
  const services = chatTestServices(repo);
  const { chat } = await startChat(
    { ...repo, now: services.now },
    maren,
    'Crew',
    groupFields(
      cast.map((p) => p.id),
      options.order,
    ),
  );
  const loaded = new Map<PersonaId, PersonaMemory>();
  const memoryFor = async (p: Persona) => {
    const m = loaded.get(p.id) ?? new PersonaMemory(services, p);
    if (!loaded.has(p.id)) await m.load();
    loaded.set(p.id, m);
    return m;
  };
  const parts = chatTestParts(services, chat, maren, { contextWindow: 8192, cast, random: options.random ?? (() => 0), memoryFor });
  const controller = new ChatController(services, chat, maren, parts, () => {});
  await controller.load();
  const engine = (script: Script) => new ScriptedEngine(script, options.capabilities);
  return { repo, chat, controller, engine, loaded };
}

describe('group chat: who answers', () => {
  it('the character addressed by name answers, under its name and in its own form', async () => {
    const { controller, engine } = await setUp();
    const e = engine(['Stew again, I am afraid.']);
    expect(await controller.send('Tobin, what is for dinner?', e)).toEqual({ kind: 'sent' });
    const reply = controller.messages.at(-1);
    expect(reply?.speakerId).toBe(tobin.id);
    expect(controller.speakerOf(reply!).name).toBe('Tobin');
    // Tobin writes scenes: the raw prompt opens his turn without a quote.
    expect(promptOf(e.requests[0]).endsWith('Tobin:')).toBe(true);
  });

  it('nobody named: list order goes round after the last speaker; muted members are skipped', async () => {
    const { controller, engine } = await setUp();
    const e = engine(['Aye."', 'Course set."', 'Aye again."']);
    await controller.send('Hello, everyone.', e);
    // The greeting was Maren's, so the next in the list answers.
    expect(controller.messages.at(-1)?.speakerId).toBe(tobin.id);
    expect((await controller.setMuted(ada.id, true)).kind).toBe('done');
    await controller.send('And then?', e);
    expect(controller.messages.at(-1)?.speakerId).toBe(maren.id);
    expect(controller.chat.members?.find((m) => m.personaId === ada.id)?.muted).toBe(true);
  });

  it('"let me pick": the line waits; Speak makes the chosen character answer it', async () => {
    const { controller, engine } = await setUp({ order: 'pick' });
    const e = engine(['On it."']);
    expect(await controller.send('Who wants to go first?', e)).toEqual({ kind: 'sent' });
    expect(controller.messages.at(-1)?.role).toBe('user');
    expect(e.requests).toHaveLength(0);
    const respond = await controller.respond(e);
    expect(respond.kind === 'refused' && english(respond.reason)).toMatch(/Choose who answers/);
    expect((await controller.speak(ada.id, e)).kind).toBe('done');
    expect(controller.messages.at(-1)).toMatchObject({ role: 'assistant', speakerId: ada.id, text: 'On it.' });
  });

  it('Speak after another character: a turn with no user line, its cue kept for the chat layout', async () => {
    const { controller, engine } = await setUp({ capabilities: { capabilities: { rawCompletion: false, promptCache: 'chat' } } });
    const e = engine(['Tobin: *stirs the pot* Stew, again.', 'Ada: "Course is set."']);
    await controller.send('Tobin?', e);
    expect((await controller.speak(ada.id, e)).kind).toBe('done');
    const last = controller.messages.at(-1);
    expect(last).toMatchObject({ speakerId: ada.id, text: 'Course is set.' });
    const second = e.requests[1];
    const messages = second?.input.kind === 'chat' ? second.input.messages : [];
    expect(messages.at(-1)).toEqual({ role: 'user', content: "[Ada's turn]" });
    expect(last?.cue).toBe("[Ada's turn]");
    // The system message does not change with the speaker.
    const first = e.requests[0];
    expect(first?.input.kind === 'chat' && first.input.messages[0]).toEqual(messages[0]);
  });

  it('a swipe keeps the speaker; removing a member keeps its lines; a branch keeps the group', async () => {
    const { repo, controller, engine } = await setUp();
    const e = engine(['Stew.', 'Soup.']);
    await controller.send('Tobin, dinner?', e);
    const reply = controller.messages.at(-1)!;
    expect((await controller.regenerate(reply.id, e)).kind).toBe('done');
    expect(controller.messages.at(-1)).toMatchObject({ speakerId: tobin.id, text: 'Soup.' });
    expect(promptOf(e.requests[1]).endsWith('Tobin:')).toBe(true);

    expect((await controller.removeMember(tobin.id)).kind).toBe('done');
    expect(controller.members.map((p) => p.name)).toEqual(['Maren Holt', 'Ada']);
    expect(controller.speakerOf(controller.messages.at(-1)!).name).toBe('Tobin');
    const refused = await controller.removeMember(tobin.id);
    expect(refused.kind === 'refused' && english(refused.reason)).toMatch(/not in this chat/);

    const stored = (await repo.chats.get(controller.chat.id))!;
    const branch = planBranch({ chat: stored, title: 'b', messages: controller.messages, memories: [], atMessageId: reply.id, now: 5 });
    expect(branch.chat.members?.map((m) => m.personaId)).toEqual([maren.id, ada.id]);
    expect(branch.messages.at(-1)?.speakerId).toBe(tobin.id);
  });

  it('refuses muting the last unmuted member and adding one twice; nothing is stored', async () => {
    const { repo, controller } = await setUp();
    await controller.setMuted(tobin.id, true);
    await controller.setMuted(ada.id, true);
    const before = await repo.chats.get(controller.chat.id);
    const outcome = await controller.setMuted(maren.id, true);
    expect(outcome.kind === 'refused' && english(outcome.reason)).toMatch(/unmuted/);
    const again = await controller.addMember(ada);
    expect(again.kind === 'refused' && english(again.reason)).toMatch(/already in this chat/);
    expect(await repo.chats.get(controller.chat.id)).toEqual(before);
  });

  it('random order never picks the last speaker when another can answer', async () => {
    const { controller, engine } = await setUp({ order: 'random', random: () => 0 });
    const e = engine(['One."', 'Two."', 'Three."']);
    await controller.send('Hello.', e);
    const first = controller.messages.at(-1)?.speakerId;
    expect(first).not.toBe(maren.id);
    await controller.send('Again.', e);
    expect(controller.messages.at(-1)?.speakerId).not.toBe(first);
  });

  it('facts of a group chat are read from every speaker and kept by each character present', async () => {
    const { repo, controller, engine, loaded } = await setUp();
    let factsPrompt = '';
    const e = engine((request) => {
      if (request.responseFormat) {
        factsPrompt = request.input.kind === 'chat' ? request.input.messages.map((m) => m.content).join('\n') : request.input.prompt;
        return JSON.stringify({ facts: [{ about: 'character', fact: 'Tobin cooks stew on Fridays.', importance: 6, message: 2 }] });
      }
      return 'Aye."';
    });
    for (const line of ['Tobin, dinner?', 'Ada, the weather?', 'Maren, the course?', 'Tobin, again?']) await controller.send(line, e);
    await controller.settle();
    // The extractor read each character's turn under its own name.
    expect(factsPrompt).toMatch(/^\[2\] Tobin: /m);
    expect(factsPrompt).toMatch(/^\[4\] Ada: /m);
    expect(factsPrompt).toMatch(/^\[6\] Maren Holt: /m);
    const kept = async (id: PersonaId) => (await repo.memories.listByPersona(id)).filter((m) => m.kind === 'fact').map((m) => m.text);
    expect(await kept(maren.id)).toEqual(['Tobin cooks stew on Fridays.']);
    expect(await kept(tobin.id)).toEqual(['Tobin cooks stew on Fridays.']);
    expect(await kept(ada.id)).toEqual(['Tobin cooks stew on Fridays.']);
    expect(loaded.get(ada.id)?.list.some((m) => m.text === 'Tobin cooks stew on Fridays.')).toBe(true);
  });

  it("a one-to-one chat that gains a member becomes a group chat; its earlier replies stay the first character's", async () => {
    const repo = createMemoryRepository();
    const services = chatTestServices(repo);
    const { chat } = await startChat({ ...repo, now: services.now }, maren, 'Two');
    const controller = new ChatController(services, chat, maren, chatTestParts(services, chat, maren, { contextWindow: 8192, cast }), () => {});
    await controller.load();
    expect((await controller.addMember(tobin)).kind).toBe('done');
    expect(controller.chat.members?.map((m) => m.personaId)).toEqual([maren.id, tobin.id]);
    expect((await repo.messages.listByChat(chat.id))[0]?.speakerId).toBe(maren.id);
    expect((await controller.removeMember(maren.id)).kind).toBe('done');
    expect(controller.chat.personaId).toBe(tobin.id);
    expect(controller.speakerOf(controller.messages[0]!).name).toBe('Maren Holt');
  });
});
