import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';
import type { ChatId } from '../../core/ids.ts';
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
  await app.init();
  for (const name of ['Maren', 'Tobin', 'Ada']) await app.createPersona({ name, greeting: `${name} waves at {{user}}.` });
  const [maren, tobin, ada] = ['Maren', 'Tobin', 'Ada'].map((n) => app.personas.list.find((p) => p.name === n)!);
  await app.openPersona(maren!.id);
  return { app, repo, maren: maren!, tobin: tobin!, ada: ada! };
}

describe('starting a group chat from a persona page', () => {
  it('asks for the user’s name first, then starts the group chat (not a one-to-one chat) and opens it', async () => {
    const { app, repo, maren, tobin, ada } = await setUp();
    expect(await app.newGroupChat([tobin, ada])).toBeNull();
    expect(app.users.asking).toBe(true);
    expect(await repo.chats.listByPersona(maren.id)).toEqual([]);

    expect(await app.saveUserName('Tom')).toBeNull();
    const [chat] = await repo.chats.listByPersona(maren.id);
    expect(chat?.members?.map((m) => m.personaId)).toEqual([maren.id, tobin.id, ada.id]);
    expect(app.router.route).toEqual({ name: 'chat', personaId: maren.id, chatId: chat?.id });
    const session = await app.openChat(tobin.id, chat!.id as ChatId);
    expect(session?.isGroup).toBe(true);
    expect(session?.members.map((p) => p.name)).toEqual(['Maren', 'Tobin', 'Ada']);
    expect(session?.messages.map((m) => m.text)).toEqual(['Maren waves at Tom.']);
  });

  it('with the name known, starts at once; a bad group is refused with its reason and nothing is stored', async () => {
    const { app, repo, maren, tobin } = await setUp();
    await app.users.add({ name: 'Tom', description: '' });
    expect(await app.newGroupChat([])).toMatchObject({ key: 'group.error.tooFew' });
    expect(await app.newGroupChat([tobin, tobin])).toMatchObject({ key: 'group.error.repeated' });
    expect(app.users.asking).toBe(false);
    expect(await repo.chats.listByPersona(maren.id)).toEqual([]);

    expect(await app.newGroupChat([tobin])).toBeNull();
    const [chat] = await repo.chats.listByPersona(maren.id);
    expect(chat?.members?.map((m) => m.personaId)).toEqual([maren.id, tobin.id]);
    expect(app.chats?.list.map((c) => c.id)).toEqual([chat?.id]);
  });

  it('a plain "New chat" after a cancelled group question starts a one-to-one chat', async () => {
    const { app, repo, maren, tobin } = await setUp();
    await app.newGroupChat([tobin]);
    app.users.asking = false;
    await app.newChat();
    expect(await app.saveUserName('Tom')).toBeNull();
    const [chat] = await repo.chats.listByPersona(maren.id);
    expect(chat?.members).toBeUndefined();
  });
});
