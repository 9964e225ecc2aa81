import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';
import { exportCardV3Json } from '../../core/cards/index.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import { AppState } from './app-state.svelte.ts';
import type { AppServices } from './services.ts';

async function setUp() {
  const repo = createMemoryRepository();
  let clock = 1;
  const now = () => ++clock;
  const services = {
    repo,
    now,
    probeWebGpu: async () => ({ webgpu: false, shaderF16: false, maxStorageBufferBindingSize: 0, maxBufferSize: 0, isFallbackAdapter: false, description: '' }),
    engines: fakeEngines(),
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
  } as unknown as AppServices;
  const app = new AppState(services, { hash: '#/' });
  return { app, repo, now };
}

function picked(name: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

describe('a chat\'s "you"', () => {
  it('asks for a name at the first chat, then the greeting, label and prompt follow the "you" the chat switches to', async () => {
    const { app, repo } = await setUp();
    await app.init();
    await app.createPersona({ name: 'Maren', greeting: '*waves* Welcome aboard, {{user}}.' });
    const maren = app.personas.list[0]!;
    await app.openPersona(maren.id);
    await app.newChat();
    expect(app.users.asking).toBe(true);
    expect(await app.saveUserName('Tom')).toBeNull();
    const chatId = app.router.route.name === 'chat' ? app.router.route.chatId : '';
    const session = await app.openChat(maren.id, chatId as never);
    expect(session?.messages[0]?.text).toBe('*waves* Welcome aboard, Tom.');
    expect(session?.persona.user.name).toBe('Tom');

    const rin = await app.users.add({ name: 'Rin', description: 'A ship’s doctor.' });
    session!.composer.text = 'half-written line';
    expect(await app.setChatUser(rin.id)).toBeNull();
    expect(app.session).not.toBe(session);
    expect(app.session?.chat.userPersonaId).toBe(rin.id);
    expect(app.session?.persona.user).toEqual({ name: 'Rin', description: 'A ship’s doctor.' });
    expect(app.session?.messages[0]?.text).toBe('*waves* Welcome aboard, Rin.');
    expect(app.session?.composer.text).toBe('half-written line');
    expect((await repo.chats.get(chatId as never))?.userPersonaId).toBe(rin.id);
    expect((await repo.messages.listByChat(chatId as never))[0]?.text).toBe('*waves* Welcome aboard, Rin.');

    expect(await app.setChatUser(null)).toBeNull();
    expect(app.session?.chat.userPersonaId).toBeUndefined();
    expect(app.session?.persona.user.name).toBe('Tom');
    expect(app.session?.messages[0]?.text).toBe('*waves* Welcome aboard, Tom.');
  });

  it('reopens an idle chat after the "you"s change, so its labels follow', async () => {
    const { app, repo, now } = await setUp();
    const maren = createPersona({ name: 'Maren', greeting: 'Hello.' }, 'm' as PersonaId, now());
    await repo.personas.put(maren);
    const { chat } = await startChat({ ...repo, now }, maren, 'A');
    await app.init();
    await app.users.add({ name: 'Tom', description: '' });
    await app.openChat(maren.id, chat.id);
    expect(await app.changeUsers((u) => u.update(u.list[0]!.id, { name: 'Thomas', description: '' }))).toBeNull();
    expect(app.session).toBeNull();
    expect((await app.openChat(maren.id, chat.id))?.persona.user.name).toBe('Thomas');
    expect(
      await app.changeUsers(async (u) => {
        await u.add({ name: ' ', description: '' });
      }),
    ).toMatchObject({ key: 'profile.error.empty' });
  });
});

describe('importing a card you already have', () => {
  async function withMaren() {
    const env = await setUp();
    await env.app.init();
    await env.app.createPersona({ name: 'Maren', creator: 'kelp', greeting: 'Old greeting.', tags: ['old'] });
    const old = env.app.personas.list[0]!;
    const { chat } = await startChat({ ...env.repo, now: env.now }, old, 'Kept chat');
    await env.repo.memories.put({
      id: 'm1' as never,
      personaId: old.id,
      kind: 'fact',
      text: 'Tom likes tea.',
      importance: 5,
      pinned: false,
      createdAt: 1,
      updatedAt: 1,
      lastAccessedAt: 1,
      accessCount: 0,
    } as never);
    await env.app.cardImport.read(picked('maren.json', exportCardV3Json({ name: 'Maren', creator: 'Kelp', greeting: 'New greeting.', tags: ['new'] })));
    return { ...env, old, chat };
  }

  it('Replace: the stored persona takes the card, keeping its id, chats and memories', async () => {
    const { app, repo, old, chat } = await withMaren();
    expect(app.cardImport.pending?.duplicateOf?.id).toBe(old.id);
    app.cardImport.choose('replace');
    await app.saveImportedCard(app.cardImport.pending!.init);
    expect(app.personas.list).toHaveLength(1);
    const replaced = await repo.personas.get(old.id);
    expect(replaced).toMatchObject({ id: old.id, greeting: 'New greeting.', tags: ['new'], createdAt: old.createdAt });
    expect((await repo.chats.listByPersona(old.id)).map((c) => c.id)).toEqual([chat.id]);
    expect((await repo.memories.listByPersona(old.id)).map((m) => m.text)).toEqual(['Tom likes tea.']);
    expect(app.cardImport.pending).toBeNull();
    expect(app.router.route).toEqual({ name: 'persona', personaId: old.id });
  });

  it('Keep both: the card becomes a new persona, the old one unchanged', async () => {
    const { app, repo, old } = await withMaren();
    app.cardImport.choose('keep-both');
    await app.saveImportedCard(app.cardImport.pending!.init);
    expect(app.personas.list).toHaveLength(2);
    expect((await repo.personas.get(old.id))?.greeting).toBe('Old greeting.');
    const added = app.personas.list.find((p) => p.id !== old.id);
    expect(added?.greeting).toBe('New greeting.');
    expect(app.router.route).toEqual({ name: 'persona', personaId: added?.id });
  });

  it('Cancel: nothing is stored', async () => {
    const { app, repo, old } = await withMaren();
    app.cardImport.clear();
    expect(app.cardImport.pending).toBeNull();
    expect(await repo.personas.list()).toHaveLength(1);
    expect((await repo.personas.get(old.id))?.greeting).toBe('Old greeting.');
  });

  it('Replace of a persona deleted meanwhile saves the card as a new one', async () => {
    const { app, old } = await withMaren();
    app.cardImport.choose('replace');
    await app.personas.remove(old.id);
    await app.saveImportedCard(app.cardImport.pending!.init);
    expect(app.personas.list.map((p) => p.greeting)).toEqual(['New greeting.']);
  });
});
