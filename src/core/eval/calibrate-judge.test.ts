import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { calibrationCalls, measureCalibration, pairAgreement, scoreAgreement } from './calibrate-judge.ts';
import { calibrationSet } from './calibration-set.ts';
import { JUDGE_DIMENSIONS } from './dimensions.ts';

const user = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages.at(-1)?.content ?? '') : '');
const SHOTS = '[Calibration examples';

describe('the calibration set', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`has shown and held-out examples for every dimension and for comparisons (${language})`, () => {
      const set = calibrationSet(language);
      for (const dimension of JUDGE_DIMENSIONS) {
        const of = set.scores.filter((e) => e.dimension === dimension);
        expect(of.filter((e) => e.split === 'shown').length, dimension).toBeGreaterThanOrEqual(2);
        expect(of.filter((e) => e.split === 'held-out').length, dimension).toBeGreaterThanOrEqual(2);
      }
      expect(set.scores.every((e) => Number.isInteger(e.score) && e.score >= 1 && e.score <= 5 && e.why !== '')).toBe(true);
      expect(set.pairs.filter((e) => e.split === 'shown').length).toBeGreaterThanOrEqual(2);
      expect(set.pairs.filter((e) => e.split === 'held-out').length).toBeGreaterThanOrEqual(4);
      const ids = [...set.scores, ...set.pairs].map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (language === 'zh') expect(set.scores.every((e) => /[\u4e00-\u9fff]/.test(e.dialogue[0]?.[1] ?? ''))).toBe(true);
    });
  }
});

describe('agreement with hand labels', () => {
  it('counts exact and within-one agreement over readable scores, and Spearman from five', () => {
    const results = [
      { gold: 1, judged: 1 },
      { gold: 2, judged: 3 },
      { gold: 3, judged: 5 },
      { gold: 5, judged: 5 },
      { gold: 4, judged: null },
    ];
    expect(scoreAgreement(results)).toEqual({ n: 4, exact: 0.5, withinOne: 0.75, spearman: null, unparseable: 1 });
    const five = scoreAgreement([...results.slice(0, 4), { gold: 4, judged: 4 }]);
    expect(five.n).toBe(5);
    // Ranks: gold 1,2,3,5,4 → 1,2,3,5,4; judged 1,3,5,5,4 → 1,2,4.5,4.5,3.
    expect(five.spearman).toBeCloseTo(0.8208, 3);
    expect(scoreAgreement([{ gold: 3, judged: null }])).toEqual({ n: 0, exact: null, withinOne: null, spearman: null, unparseable: 1 });
  });

  it('counts a comparison right only when its outcome is the gold winner', () => {
    expect(
      pairAgreement([
        { gold: 'A', outcome: 'a' },
        { gold: 'B', outcome: 'b' },
        { gold: 'tie', outcome: 'tie' },
        { gold: 'A', outcome: 'inconsistent' },
        { gold: 'B', outcome: 'unparseable' },
      ]),
    ).toEqual({ n: 4, accuracy: 0.75, unparseable: 1 });
  });
});

describe('measureCalibration', () => {
  it('grades the held-out examples without and with the shown ones, which only the second pass sees', async () => {
    const set = calibrationSet('en');
    const gold = new Map(set.scores.map((e) => [e.dialogue.at(-1)?.[1] ?? '', e.score]));
    const swapped = { A: 'B', B: 'A', tie: 'tie' } as const;
    // Without examples the judge says 3 and always "A"; with them it gives the gold label.
    const judge = new ScriptedEngine((r) => {
      const text = user(r);
      const calibrated = text.includes(SHOTS);
      if (text.includes('[Conversation A]')) {
        if (!calibrated) return 'Verdict: A';
        const shownA = (e: (typeof set.pairs)[number], answer: string) =>
          text.includes(`[Conversation A]\nInterviewer: ${e.question}\n${e.characterName}: ${answer}`);
        const straight = set.pairs.find((e) => shownA(e, e.a));
        const reversed = set.pairs.find((e) => shownA(e, e.b));
        return `Verdict: ${straight ? straight.winner : reversed ? swapped[reversed.winner] : '?'}`;
      }
      if (!calibrated) return 'Score: 3';
      const answer = [...gold.keys()].find((a) => text.includes(`: ${a}\n\n[Dimension`));
      return `Score: ${gold.get(answer ?? '') ?? 'none'}`;
    });
    const progress: number[] = [];
    const result = await measureCalibration(judge, { language: 'en', onProgress: (done) => progress.push(done) });
    const heldOutScores = set.scores.filter((e) => e.split === 'held-out');
    expect(judge.requests).toHaveLength(calibrationCalls('en'));
    expect(judge.requests.slice(0, calibrationCalls('en') / 2).some((r) => user(r).includes(SHOTS))).toBe(false);
    expect(judge.requests.slice(calibrationCalls('en') / 2).every((r) => user(r).includes(SHOTS))).toBe(true);
    expect(progress.at(-1)).toBe(calibrationCalls('en'));

    const threes = heldOutScores.filter((e) => e.score === 3).length;
    const nearThree = heldOutScores.filter((e) => Math.abs(e.score - 3) <= 1).length;
    expect(result.withoutShots.scores).toEqual({
      n: heldOutScores.length,
      exact: threes / heldOutScores.length,
      withinOne: nearThree / heldOutScores.length,
      spearman: null,
      unparseable: 0,
    });
    expect(result.withoutShots.pairs).toEqual({ n: 4, accuracy: 0, unparseable: 0 });
    expect(result.withShots.scores).toMatchObject({ n: heldOutScores.length, exact: 1, withinOne: 1, unparseable: 0 });
    expect(result.withShots.scores.spearman).toBeCloseTo(1, 6);
    expect(result.withShots.pairs).toEqual({ n: 4, accuracy: 1, unparseable: 0 });
    expect(result.heldOut).toEqual({ scores: heldOutScores.length, pairs: 4 });
  });

  it('stops with the signal', async () => {
    const controller = new AbortController();
    const judge = new ScriptedEngine(() => {
      controller.abort();
      return 'Score: 3';
    });
    await expect(measureCalibration(judge, { language: 'zh', signal: controller.signal })).rejects.toThrow();
    expect(judge.requests).toHaveLength(1);
  });
});
