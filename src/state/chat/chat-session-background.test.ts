import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { MAX_WAITING_REPLIES } from '../../core/conversation/background-work.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { CompletionRequest, EngineCapabilities } from '../../core/llm-engine.ts';
import { createPersona } from '../../core/persona/index.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatSession } from './chat-session.svelte.ts';
import type { AppServices } from '../app/services.ts';

const persona = createPersona(
  { name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.', user: { name: 'Tom', description: '' } },
  'p1' as PersonaId,
  1,
);
const FACTS = JSON.stringify({ facts: [] });
const MOOD = JSON.stringify({ mood: 'calm', closeness: 0, reason: 'nothing changed' });

/** A model that answers replies with a clean line and background requests (JSON schema) with JSON. */
function engine(promptCache: EngineCapabilities['promptCache'], reply: (n: number) => string = (n) => `Ada: "Answer ${n}."`): ScriptedEngine {
  let replies = 0;
  const answer = (request: CompletionRequest) => {
    if (!request.responseFormat) return reply(++replies);
    const schema = JSON.stringify(request.responseFormat.schema);
    return schema.includes('closeness') ? MOOD : FACTS;
  };
  const e = new ScriptedEngine((request) => answer(request), { capabilities: { promptCache, rawCompletion: promptCache !== 'chat' } });
  e.modelId = 'test-model';
  return e;
}

async function setUp() {
  const repo = createMemoryRepository();
  let clock = 100;
  const services = {
    repo,
    now: () => ++clock,
    chatLocks: createLocalChatLocks(),
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
  } as unknown as AppServices;
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const session = new ChatSession(services, chat, persona, () => 1_000_000);
  await session.load();
  return session;
}

const background = (e: ScriptedEngine) => e.requests.filter((r) => r.responseFormat !== undefined).length;

describe('ChatSession: background work and the engine cache', () => {
  it('on a server engine (no prompt cache) facts and mood run every four replies, as before', async () => {
    const session = await setUp();
    const e = engine('none');
    for (let i = 0; i < 4; i++) {
      await session.send(`Line ${i}`, e);
      await session.settle();
    }
    expect(background(e)).toBe(2);
  });

  it('on WebLLM clean replies keep the cache: due facts and mood wait, then run when a reply does not end cleanly', async () => {
    const session = await setUp();
    const e = engine('chat', (n) => (n === 6 ? 'Ada: "Answer six." She yawns.' : `Ada: "Answer ${n}."`));
    for (let i = 1; i <= 5; i++) {
      await session.send(`Line ${i}`, e);
      await session.settle();
    }
    expect(background(e)).toBe(0);
    // Reply 6 ends at its closing quote while the model goes on: the reader stops it, the engine starts afresh next time.
    await session.send('Line 6', e);
    await session.settle();
    expect(session.messages.at(-1)?.text).toBe('Answer six.');
    expect(background(e)).toBe(2);
  });

  it('never waits more than MAX_WAITING_REPLIES replies', async () => {
    const session = await setUp();
    const e = engine('prefix');
    for (let i = 1; i < MAX_WAITING_REPLIES + 4; i++) {
      await session.send(`Line ${i}`, e);
      await session.settle();
    }
    expect(background(e)).toBe(2);
  });
});
