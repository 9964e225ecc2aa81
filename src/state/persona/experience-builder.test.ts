import { describe, expect, it } from 'vitest';
import { fakeEngines } from '../../../test/support/fake-engines.ts';
import { createMemoryRepository, type MemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { english, type Message as Said } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { CompletionRequest } from '../../core/llm-engine.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import { AppState } from '../app/app-state.svelte.ts';
import type { AppServices } from '../app/services.ts';

const shown = (message: Said | null | undefined): string | null => (message ? english(message) : null);

const persona: Persona = createPersona(
  {
    name: 'Maren',
    description: 'A lighthouse keeper on a northern island.',
    attributes: {
      identity: 'Keeper of the Skerry light since 1950',
      interests: '',
      viewpoints: '',
      experiences: 'Lost her brother at sea',
      achievements: '',
      relationships: 'Brother Tobin',
      other: '',
    },
    replyForm: 'line',
  },
  'p1' as PersonaId,
  1,
);

const TIMELINE = JSON.stringify({
  scenes: [
    { when: 'age 19', where: 'the harbour', who: 'Tobin', stakes: 'The harbour burns; she must choose the boat or the lamp.' },
    { when: 'the winter of 1950', where: 'the Skerry light', who: 'the old keeper', stakes: 'She takes over the light alone.' },
  ],
});
const expansion = (n: number) =>
  JSON.stringify({ narration: `Experience ${n}: smoke rolled over the water.`, thoughts: 'Keep the lamp lit.', lines: ['Tobin, take the boat!'] });
const isTimeline = (r: CompletionRequest) => JSON.stringify(r.responseFormat).includes('"scenes"');
const prompt = (r: CompletionRequest) => (r.input.kind === 'chat' ? r.input.messages.map((m) => m.content).join('\n') : r.input.prompt);

function appOn(repo: MemoryRepository): AppState {
  const services = {
    repo,
    now: () => 5_000,
    probeWebGpu: async () => ({ webgpu: false, shaderF16: false, maxStorageBufferBindingSize: 0, maxBufferSize: 0, isFallbackAdapter: false, description: '' }),
    engines: fakeEngines(),
    loadTokenCounter: async () => ({ id: 'words', count: (t: string) => t.split(/\s+/).filter(Boolean).length }),
  } as unknown as AppServices;
  return new AppState(services, { hash: '#/' });
}

async function setUp(repo = createMemoryRepository()) {
  if (!(await repo.personas.get(persona.id))) await repo.personas.put(persona);
  const app = appOn(repo);
  await app.personas.load();
  const builder = (await app.experiences(persona.id))!;
  return { repo, app, builder };
}

describe('ExperienceBuilder', () => {
  it('says to load a model when none is ready, and changes nothing', async () => {
    const { builder, repo } = await setUp();
    expect(builder.phase).toBe('idle');
    await builder.start(null, persona, 4096);
    expect(shown(builder.notice?.text)).toMatch(/^Load a model on the Engine page/);
    expect(builder.draft).toBeNull();
    expect(await repo.memories.listByPersona(persona.id)).toEqual([]);
  });

  it('drafts from the profile and the source material, reviews, keeps edits over a reload, and keeps experiences as memories', async () => {
    const { app, builder, repo } = await setUp();
    const memory = (await app.openMemory(persona.id))!;
    await memory.addSource({ text: 'The night the harbour burned, Maren ran for the lamp.' });
    const engine = new ScriptedEngine((r, call) => (isTimeline(r) ? TIMELINE : expansion(call)));
    await builder.start(engine, persona, 4096);
    expect(prompt(engine.requests[0]!)).toContain('<text>\nThe night the harbour burned, Maren ran for the lamp.\n</text>');
    expect(engine.requests).toHaveLength(3);
    expect(builder.phase).toBe('review');
    expect(shown(builder.notice?.text)).toBe('Drafted 2 experiences. Edit or delete any, then keep them.');
    expect(builder.review.map((e) => e.when)).toEqual(['age 19', 'the winter of 1950']);

    builder.review[0]!.narration = 'The harbour burned and Maren chose the lamp.';
    await builder.saveEdits();
    await builder.remove(1);

    // A reload: a new app reads the stored draft back, edits and deletion included.
    const again = (await (await setUp(repo)).app.experiences(persona.id))!;
    expect(again.phase).toBe('review');
    expect(again.review).toHaveLength(1);
    expect(again.review[0]!.narration).toBe('The harbour burned and Maren chose the lamp.');

    await again.keepAll(persona);
    expect(shown(again.notice?.text)).toBe('Kept 1 experience: it is in the persona’s memory now.');
    expect(again.phase).toBe('idle');
    expect(again.draft).toBeNull();
    const stored = (await repo.memories.listByPersona(persona.id)).filter((m) => m.kind === 'experience');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ when: 'age 19', importance: 6 });
    expect(stored[0]!.chatId, 'persona-level: shared by all chats').toBeUndefined();
    expect(stored[0]!.text).toBe(
      'age 19 — the harbour\nThe harbour burned and Maren chose the lamp.\nThought: Keep the lamp lit.\nMaren: "Tobin, take the boat!"',
    );
    expect(await repo.settings.get('experienceDraft:p1')).toBeNull();
  });

  it('Cancel keeps the steps done; after a reload Resume continues from there', async () => {
    const { builder, repo } = await setUp();
    const engine = new ScriptedEngine((r, call) => {
      if (call === 1) builder.cancel();
      return isTimeline(r) ? TIMELINE : expansion(call);
    });
    await builder.start(engine, persona, 4096);
    expect(builder.phase).toBe('idle');
    expect(shown(builder.notice?.text)).toBe('Cancelled after 1 of 3 steps. Resume continues from there.');

    const again = (await (await setUp(repo)).app.experiences(persona.id))!;
    expect(again.resumable).toEqual({ done: 1, total: 3 });
    const rest = new ScriptedEngine((_, call) => expansion(10 + call));
    await again.resume(rest, persona);
    expect(rest.requests).toHaveLength(2);
    expect(prompt(rest.requests[0]!)).toContain('When: age 19');
    expect(again.phase).toBe('review');
    expect(again.review.map((e) => e.narration)).toEqual(['Experience 10: smoke rolled over the water.', 'Experience 11: smoke rolled over the water.']);
  });

  it('an unusable answer (after one retry) stops with what to do, and the draft can be resumed or discarded', async () => {
    const { builder } = await setUp();
    const engine = new ScriptedEngine([TIMELINE, '{"narration": "', 'nothing useful']);
    await builder.start(engine, persona, 4096);
    expect(builder.phase).toBe('idle');
    expect(builder.notice?.kind).toBe('error');
    expect(shown(builder.notice?.text)).toBe('The model did not answer in the expected JSON form. Try again, or choose a larger model.');
    expect(builder.resumable).toEqual({ done: 1, total: 3 });
    await builder.discard();
    expect(builder.draft).toBeNull();
    expect(builder.resumable).toBeNull();
    expect(shown(builder.notice?.text)).toBe('The draft was discarded; kept experiences are unchanged.');
  });

  it('refuses to keep an experience with no time, storing nothing', async () => {
    const { builder, repo } = await setUp();
    await builder.start(new ScriptedEngine((r, call) => (isTimeline(r) ? TIMELINE : expansion(call))), persona, 4096);
    builder.review[0]!.when = ' ';
    await builder.keepAll(persona);
    expect(shown(builder.notice?.text)).toBe('Each experience needs a time, and narration or a line. Fill them in or delete the experience.');
    expect(builder.review).toHaveLength(2);
    expect((await repo.memories.listByPersona(persona.id)).filter((m) => m.kind === 'experience')).toEqual([]);
  });

  it('deleting the persona removes its draft waiting for review', async () => {
    const { app, builder, repo } = await setUp();
    await builder.start(new ScriptedEngine((r, call) => (isTimeline(r) ? TIMELINE : expansion(call))), persona, 4096);
    expect(await repo.settings.get('experienceDraft:p1')).not.toBeNull();
    await app.deletePersona(persona.id);
    expect(await repo.personas.get(persona.id)).toBeUndefined();
    expect(await repo.settings.get('experienceDraft:p1')).toBeNull();
  });
});
