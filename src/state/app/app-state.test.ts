import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { msg } from '../../core/i18n/message.ts';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import { AppState } from './app-state.svelte.ts';
import type { AppServices } from './services.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';

async function setUp() {
  const repo = createMemoryRepository();
  let clock = 1;
  const now = () => ++clock;
  const persona = createPersona({ name: 'Ada', greeting: 'Good evening.' }, 'p1' as PersonaId, now());
  await repo.personas.put(persona);
  const a = (await startChat({ ...repo, now }, persona, 'A')).chat;
  const b = (await startChat({ ...repo, now }, persona, 'B')).chat;
  // Reading a chat's messages waits until the test releases that chat.
  const gates = new Map<ChatId, () => void>();
  const list = repo.messages.listByChat.bind(repo.messages);
  repo.messages.listByChat = async (chatId) => {
    await new Promise<void>((release) => gates.set(chatId, release));
    return list(chatId);
  };
  const services = {
    repo,
    now,
    probeWebGpu: async () => ({ webgpu: false, shaderF16: false, maxStorageBufferBindingSize: 0, maxBufferSize: 0, isFallbackAdapter: false, description: '' }),
    engines: fakeEngines(),
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
  } as unknown as AppServices;
  const app = new AppState(services, { hash: '#/' });
  await app.personas.load();
  const release = async (chatId: ChatId) => {
    while (!gates.has(chatId)) await new Promise((r) => setTimeout(r, 1));
    gates.get(chatId)!();
    gates.delete(chatId);
  };
  return { app, persona, a, b, release };
}

describe('AppState.openChat', () => {
  it('shows the chat asked for last, even when an earlier one finishes loading after it', async () => {
    const { app, persona, a, b, release } = await setUp();
    const openingA = app.openChat(persona.id, a.id);
    const openingB = app.openChat(persona.id, b.id);
    await release(b.id);
    await openingB;
    expect(app.session?.chat.id).toBe(b.id);
    await release(a.id);
    await openingA;
    expect(app.session?.chat.id).toBe(b.id);
  });

  it('opens a chat again after another was asked for and dropped', async () => {
    const { app, persona, a, b, release } = await setUp();
    const openingA = app.openChat(persona.id, a.id);
    const openingB = app.openChat(persona.id, b.id);
    await release(a.id);
    await openingA;
    expect(app.session).toBeNull();
    await release(b.id);
    await openingB;
    const again = app.openChat(persona.id, a.id);
    await release(a.id);
    expect((await again)?.chat.id).toBe(a.id);
    expect(app.session?.chat.id).toBe(a.id);
  });
});

describe('AppState.send', () => {
  it('is refused (keeping the draft) with no open chat, and without a ready model', async () => {
    const { app, persona, a, release } = await setUp();
    expect(await app.send('Hello.')).toMatchObject({ kind: 'refused' });
    const opening = app.openChat(persona.id, a.id);
    await release(a.id);
    await opening;
    const outcome = await app.send('Hello.');
    expect(outcome).toEqual({ kind: 'refused', reason: msg('chat.error.notLoaded') });
    expect(app.session?.error).toEqual(msg('chat.error.notLoaded'));
  });
});
