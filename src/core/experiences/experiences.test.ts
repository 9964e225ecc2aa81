import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { ValidationError } from '../errors/index.ts';
import type { ChatId, MemoryId } from '../ids.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { MemoryIndex } from '../memory/memory-index.ts';
import { retrieveForTurn } from '../memory/retrieve-for-turn.ts';
import { noteBudgets } from '../prompt/budget.ts';
import { whyFromRetrieval } from '../prompt/notes.ts';
import { mozart, mozartZh } from '../persona/fixtures.test-support.ts';
import type { TokenCounter } from '../token-counter.ts';
import {
  advanceExperienceDraft,
  draftComplete,
  draftProgress,
  experienceToMemory,
  planExperienceDraft,
  readExperienceDraft,
  type ExperienceDraft,
  type ExperienceProgress,
} from './experience-draft.ts';
import { buildExpansionRequest, buildTimelineRequest, parseExpansion, parseTimeline } from './experience-requests.ts';

const NOW = 1_700_000_000_000;
/** Test tokenizer: one token per Han character, per Latin word or number, per other symbol. */
const counter: TokenCounter = {
  id: 'test',
  count: (t) => t.match(/\p{Script=Han}|[A-Za-z0-9']+|[^\s\p{Script=Han}A-Za-z0-9']/gu)?.length ?? 0,
};

const TIMELINE_EN = JSON.stringify({
  scenes: [
    {
      when: 'age 7',
      where: 'the court at Schönbrunn',
      who: 'the Empress, his sister Nannerl',
      stakes: 'He plays for the Empress; a slip would shame his father.',
    },
    { when: 'age 25', where: 'Salzburg', who: 'the Archbishop', stakes: 'He quits the Archbishop’s service and risks everything on Vienna.' },
  ],
});
const EXPAND_EN = (n: number) =>
  JSON.stringify({
    narration: `Scene ${n}: the candles guttered as Mozart played.`,
    thoughts: 'Do not look at Father.',
    lines: ['Mozart: "Bravo, to the Empress!"', 'Another piece, Majesty?'],
  });

function text(request: CompletionRequest): string {
  return request.input.kind === 'chat' ? request.input.messages.map((m) => m.content).join('\n') : request.input.prompt;
}

function isTimeline(request: CompletionRequest): boolean {
  return JSON.stringify(request.responseFormat).includes('"scenes"');
}

describe('experience requests', () => {
  it('asks for a short timeline from the profile, the seed experiences and one part of the source, in the persona’s language', () => {
    const persona = mozart();
    const request = buildTimelineRequest(persona, { count: 3, part: { text: 'In 1762 the boy played at Schönbrunn.', number: 1, count: 2 } });
    const prompt = text(request);
    expect(prompt).toContain('Character: Mozart');
    expect(prompt).toContain('Known experiences: Toured Europe as a child');
    expect(prompt).toContain('is a composer in Vienna who likes to tease Anna');
    expect(prompt).toContain("Part 1 of 2 of the character's source text:\n<text>\nIn 1762 the boy played at Schönbrunn.\n</text>");
    expect(prompt).toContain('List 3 scenes from Mozart');
    expect(prompt).not.toContain('CREATOR-SECRET');
    expect(request.responseFormat?.type).toBe('json');
    expect(JSON.stringify(request.responseFormat)).toContain('"maxItems":3');
    expect(request.maxTokens).toBeLessThan(400);

    const zh = text(buildTimelineRequest(mozartZh(), { count: 2 }));
    expect(zh).toContain('角色：莫扎特');
    expect(zh).toContain('按发生的先后列出莫扎特过去的2个场景');
    expect(zh).toContain('用中文书写各个值');
  });

  it('asks for lines in the persona’s reply form', () => {
    const scene = { when: 'age 7', where: 'Schönbrunn', who: 'the Empress', stakes: 'A slip would shame his father.' };
    const line = text(buildExpansionRequest(mozart(), scene, 'line'));
    expect(line).toContain('When: age 7; Where: Schönbrunn; Who: the Empress; What is at stake: A slip would shame his father.');
    expect(line).toContain('each one spoken line, without the speaker name or quote marks');
    expect(line).toContain('Speaking style: Quick and witty');
    expect(text(buildExpansionRequest(mozart(), scene, 'scene'))).toContain('short action in *asterisks*');
    expect(text(buildExpansionRequest(mozartZh(), scene, 'line'))).toContain('把这个场景写成莫扎特亲身经历的样子');
  });

  it('reads timelines defensively: fenced, cut off, repeats and scenes without a time dropped', () => {
    const fenced = '```json\n' + TIMELINE_EN + '\n```';
    expect(parseTimeline(fenced).map((s) => s.when)).toEqual(['age 7', 'age 25']);
    const cut = TIMELINE_EN.slice(0, TIMELINE_EN.indexOf('{"when":"age 25"') + 20);
    expect(parseTimeline(cut).map((s) => s.when)).toEqual(['age 7']);
    const messy = JSON.stringify({
      scenes: [
        { when: '', where: 'x', who: '', stakes: 'y' },
        { when: 'age 7', where: 'Schönbrunn', who: '', stakes: 'a' },
        { when: 'Age 7', where: 'schönbrunn', who: '', stakes: 'b' },
      ],
    });
    expect(parseTimeline(messy)).toHaveLength(1);
    expect(() => parseTimeline('{"scenes": []}')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => parseTimeline('I cannot do that.')).toThrow(expect.objectContaining({ code: 'bad-json' }));
    expect(() => parseTimeline('  ')).toThrow(expect.objectContaining({ code: 'empty' }));
  });

  it('reads an expansion: the speaker’s name and, in the line form, the quotes stripped', () => {
    const body = parseExpansion(EXPAND_EN(1), mozart(), 'line');
    expect(body.lines).toEqual(['Bravo, to the Empress!', 'Another piece, Majesty?']);
    const scene = parseExpansion(JSON.stringify({ narration: '', thoughts: '', lines: ['莫扎特：*鞠躬*「陛下，再来一首？」'] }), mozartZh(), 'scene');
    expect(scene.lines).toEqual(['*鞠躬*「陛下，再来一首？」']);
    expect(() => parseExpansion(JSON.stringify({ narration: ' ', thoughts: 'x', lines: [] }), mozart(), 'line')).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
  });
});

describe('planExperienceDraft', () => {
  it('drafts from the profile alone without source text', () => {
    const draft = planExperienceDraft({ persona: mozart(), form: 'line', counter, contextWindow: 4096, now: NOW });
    expect(draft.steps).toEqual([{ count: 5, done: false }]);
    expect(draftProgress(draft)).toEqual({ done: 0, total: 6 });
  });

  it('chunks long source text with the token counter so every timeline request fits the window, spreading the parts over the text', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Chapter ${i + 1}. ${'Mozart wrote music and travelled far. '.repeat(30)}`);
    const source = paragraphs.join('\n\n');
    const contextWindow = 2048;
    const draft = planExperienceDraft({ persona: mozart(), form: 'line', sourceText: source, counter, contextWindow, now: NOW });
    expect(draft.steps).toHaveLength(5);
    expect(draft.steps.map((s) => s.count)).toEqual([1, 1, 1, 1, 1]);
    expect(draft.steps[0]?.part?.text.startsWith('Chapter 1.')).toBe(true);
    expect(draft.steps.at(-1)?.part?.text).toContain('Chapter 40.');
    for (const step of draft.steps) {
      const request = buildTimelineRequest(mozart(), { count: step.count, part: step.part });
      expect(counter.count(text(request)) + (request.maxTokens ?? 0)).toBeLessThan(contextWindow);
    }
  });

  it('shares the scenes between a few parts of a short source', () => {
    const source = Array.from({ length: 2 }, (_, i) => `Part ${i}. ${'He played and wrote. '.repeat(200)}`).join('\n\n');
    const draft = planExperienceDraft({ persona: mozart(), form: 'line', sourceText: source, counter, contextWindow: 4096, now: NOW });
    expect(draft.steps.map((s) => s.count)).toEqual([3, 2]);
  });

  it('refuses a persona with nothing to draft from', () => {
    const empty = mozart({
      description: '',
      attributes: { identity: '', interests: '', viewpoints: '', experiences: '', achievements: '', relationships: '', other: '' },
      boundary: { era: '', knows: '', cannotKnow: [] },
    });
    expect(() => planExperienceDraft({ persona: empty, form: 'line', counter, contextWindow: 4096, now: NOW })).toThrow(ValidationError);
  });
});

describe('advanceExperienceDraft', () => {
  it('drafts the timeline, expands each scene, stores the draft after every step, and reports progress (English, line form)', async () => {
    const persona = mozart();
    const engine = new ScriptedEngine((request, call) => (isTimeline(request) ? TIMELINE_EN : EXPAND_EN(call)));
    const stored: ExperienceDraft[] = [];
    const progress: ExperienceProgress[] = [];
    const draft = planExperienceDraft({ persona, form: 'line', counter, contextWindow: 4096, now: NOW, maxScenes: 2 });
    const result = await advanceExperienceDraft({
      engine,
      persona,
      draft,
      now: () => NOW + 1,
      onDraft: (d) => void stored.push(d),
      onProgress: (p) => progress.push(p),
    });
    expect(result.status).toBe('complete');
    expect(engine.requests).toHaveLength(3);
    expect(stored).toHaveLength(3);
    expect(draftComplete(result.draft)).toBe(true);
    expect(progress.filter((p) => p.receivedChars === 0).map((p) => `${p.phase} ${p.step}/${p.total}`)).toEqual(['timeline 1/3', 'expand 2/3', 'expand 3/3']);
    expect(text(engine.requests[1]!)).toContain('When: age 7; Where: the court at Schönbrunn');

    const [first] = result.draft.scenes;
    const memory = experienceToMemory({ ...first!.scene, ...first!.body! }, persona, { id: 'm1' as MemoryId, now: NOW, form: 'line' });
    expect(memory).toMatchObject({ kind: 'experience', when: 'age 7', importance: 6, personaId: persona.id });
    expect(memory.chatId).toBeUndefined();
    expect(memory.text).toBe(
      'age 7 — the court at Schönbrunn\nScene 1: the candles guttered as Mozart played.\nThought: Do not look at Father.\nMozart: "Bravo, to the Empress!"\nMozart: "Another piece, Majesty?"',
    );
  });

  it('writes a Chinese persona’s lines in the scene form with 「」', async () => {
    const persona = mozartZh();
    const engine = new ScriptedEngine([
      JSON.stringify({ scenes: [{ when: '七岁', where: '美泉宫', who: '女皇', stakes: '在女皇面前演奏，不能出错。' }] }),
      JSON.stringify({ narration: '烛光下，他弹完了最后一个音。', thoughts: '别看父亲。', lines: ['*鞠躬*「陛下，再来一首？」'] }),
    ]);
    const draft = planExperienceDraft({ persona, form: 'scene', counter, contextWindow: 4096, now: NOW, maxScenes: 1 });
    const result = await advanceExperienceDraft({ engine, persona, draft, now: () => NOW });
    const item = result.draft.scenes[0]!;
    const memory = experienceToMemory({ ...item.scene, ...item.body! }, persona, { id: 'm' as MemoryId, now: NOW, form: 'scene' });
    expect(memory.text).toBe('七岁——美泉宫\n烛光下，他弹完了最后一个音。\n心想：别看父亲。\n莫扎特：*鞠躬*「陛下，再来一首？」');
    expect(memory.when).toBe('七岁');
  });

  it('asks once more after broken JSON, and stops with a clear error after a second, keeping the steps done', async () => {
    const persona = mozart();
    const retried = new ScriptedEngine(['Sure! Here are the scenes: scenes = [when: age 7', TIMELINE_EN, EXPAND_EN(1), EXPAND_EN(2)]);
    const ok = await advanceExperienceDraft({
      engine: retried,
      persona,
      draft: planExperienceDraft({ persona, form: 'line', counter, contextWindow: 4096, now: NOW, maxScenes: 2 }),
      now: () => NOW,
    });
    expect(ok.status).toBe('complete');
    expect(retried.requests).toHaveLength(4);

    const stored: ExperienceDraft[] = [];
    const broken = new ScriptedEngine([TIMELINE_EN, 'not json', '{"narration": "", "thoughts": "", "lines": []}']);
    const draft = planExperienceDraft({ persona, form: 'line', counter, contextWindow: 4096, now: NOW, maxScenes: 2 });
    const failure = advanceExperienceDraft({ engine: broken, persona, draft, now: () => NOW, onDraft: (d) => void stored.push(d) });
    await expect(failure).rejects.toMatchObject({ code: 'invalid', text: { key: 'experiences.error.noExperience' } });
    expect(stored.at(-1)?.steps[0]?.done).toBe(true);
    expect(stored.at(-1)?.scenes).toHaveLength(2);
    expect(stored.at(-1)?.scenes.some((s) => s.body)).toBe(false);
  });

  it('Cancel stops after the step under way; resuming continues from there with no step asked twice', async () => {
    const persona = mozart();
    const controller = new AbortController();
    const first = new ScriptedEngine((request, call) => {
      if (call === 2) controller.abort();
      return isTimeline(request) ? TIMELINE_EN : EXPAND_EN(call);
    });
    let saved: ExperienceDraft | undefined;
    const draft = planExperienceDraft({ persona, form: 'line', counter, contextWindow: 4096, now: NOW, maxScenes: 2 });
    const cancelled = await advanceExperienceDraft({
      engine: first,
      persona,
      draft,
      now: () => NOW,
      signal: controller.signal,
      onDraft: (d) => void (saved = d),
    });
    expect(cancelled.status).toBe('cancelled');
    expect(first.requests).toHaveLength(3);
    expect(saved?.scenes.map((s) => s.body !== undefined)).toEqual([true, false]);
    expect(draftProgress(saved!)).toEqual({ done: 2, total: 3 });

    // The draft as stored and read back after a reload.
    const reread = readExperienceDraft(JSON.parse(JSON.stringify(saved)));
    expect(reread).toEqual(saved);
    const second = new ScriptedEngine([EXPAND_EN(9)]);
    const resumed = await advanceExperienceDraft({ engine: second, persona, draft: reread!, now: () => NOW });
    expect(resumed.status).toBe('complete');
    expect(second.requests).toHaveLength(1);
    expect(text(second.requests[0]!)).toContain('When: age 25');
    expect(resumed.draft.scenes[1]?.body?.narration).toBe('Scene 9: the candles guttered as Mozart played.');
  });

  it('passes on an engine failure', async () => {
    const persona = mozart();
    const engine = new ScriptedEngine([]);
    const draft = planExperienceDraft({ persona, form: 'line', counter, contextWindow: 4096, now: NOW });
    await expect(advanceExperienceDraft({ engine, persona, draft, now: () => NOW })).rejects.toMatchObject({ code: 'engine-failed' });
  });
});

describe('stored drafts and experience memories', () => {
  it('reads back only a draft of the expected form', () => {
    expect(readExperienceDraft(null)).toBeUndefined();
    expect(readExperienceDraft({ personaId: 'p', form: 'line', steps: [{ count: 'x', done: false }], scenes: [], createdAt: 1, updatedAt: 1 })).toBeUndefined();
    expect(
      readExperienceDraft({
        personaId: 'p',
        form: 'line',
        steps: [],
        scenes: [{ scene: { when: 'a', where: '', who: '', stakes: '' }, body: { narration: 1 } }],
        createdAt: 1,
        updatedAt: 1,
      }),
    ).toBeUndefined();
  });

  it('refuses an experience with no time or nothing that happened', () => {
    const e = { when: ' ', where: 'x', who: '', stakes: '', narration: 'n', thoughts: '', lines: [] };
    expect(() => experienceToMemory(e, mozart(), { id: 'm' as MemoryId, now: NOW, form: 'line' })).toThrow(expect.objectContaining({ code: 'empty' }));
  });

  it('is recalled per turn like a fact, and its Why entry carries its time', () => {
    const persona = mozart();
    const experience = {
      when: 'age 7',
      where: 'Schönbrunn',
      who: 'the Empress',
      stakes: '',
      narration: 'He slipped on the polished floor and the little archduchess helped him up.',
      thoughts: 'I shall marry her one day.',
      lines: ['You are kind; I will marry you.'],
    };
    const memory = experienceToMemory(experience, persona, { id: 'exp-1' as MemoryId, now: NOW, form: 'line' });
    const retrieval = retrieveForTurn({
      index: MemoryIndex.build([memory]),
      chatId: 'c1' as ChatId,
      persona,
      messages: [{ role: 'user', text: 'Did you ever slip on the floor at Schönbrunn?' }],
      promptText: '',
      budgets: noteBudgets(4096),
      tokenCounter: counter,
      now: NOW,
    });
    expect(retrieval.memories.map((m) => [m.kind, m.when])).toEqual([['experience', 'age 7']]);
    expect(whyFromRetrieval(retrieval)[0]).toMatchObject({ slot: 'memory', kind: 'experience', when: 'age 7', text: memory.text });
  });
});
