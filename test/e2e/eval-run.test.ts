import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureScript, type FixtureServer, type RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let server: FixtureServer;
let browser: LaunchedBrowser;

const sent = (r: RecordedRequest): string => JSON.stringify(r.body?.messages ?? '');
const isJudge = (r: RecordedRequest): boolean => sent(r).includes('strict and fair evaluator');

/** The character answers in quote mode (slowly when asked); the judge says "Score: 4", its first judgement is garbage. */
function script(answerDelayMs: number): (r: RecordedRequest) => FixtureScript {
  return (r) => {
    if (r.method !== 'POST') return {};
    if (!isJudge(r)) return { tokens: ['Ada Lovelace: "', 'I am Ada, and numbers ', 'are my poetry."'], delayMs: answerDelayMs };
    const first = server.completions().filter(isJudge)[0] === r;
    return { tokens: first ? ['I refuse to grade this.'] : ['The answer fits her well.\n', 'Score: 4'] };
  };
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.requests.length = 0;
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
});

describe('Evaluation page', () => {
  it('runs a small interview with progress, cancel and resume, shows the report and exports CSV', async () => {
    const { page } = browser;
    const log = collectPageErrors(page);
    server.setScript(script(400));
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician in 1843 London.', greeting: 'Good evening.' });
    await connectEndpoint(page, server.baseUrl, 'test-model');
    await page.goto(new URL('#/', page.url()).href);
    await page
      .getByRole('link', { name: /Ada Lovelace/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Evaluate' }).click();
    await page.getByRole('heading', { name: 'Evaluate Ada Lovelace' }).waitFor();

    await page.getByRole('button', { name: 'Remove all questions' }).click();
    await page.getByLabel('Category').selectOption('identity');
    await page.getByLabel('New question').fill('Who are you?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Category').selectOption('boundary');
    await page.getByLabel('New question').fill('What is a smartphone?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByRole('heading', { name: 'Interview (2 items)' }).waitFor();

    await page.getByRole('button', { name: 'Run evaluation' }).click();
    const progress = page.getByTestId('eval-progress');
    await progress.waitFor();
    expect(await page.getByTestId('eval-step').innerText()).toMatch(/Interviewing "custom-1" \(full\)|Connecting/);
    expect(await page.getByTestId('eval-progress-count').innerText()).toMatch(/^(0 \/ 17 steps|Starting…)$/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    const run = page.getByTestId('eval-run');
    await page.locator('[data-testid="eval-run"][data-status="cancelled"]').waitFor();
    expect(await run.innerText()).toContain('Cancelled');

    server.setScript(script(0));
    await run.getByRole('button', { name: 'Resume' }).click();
    await page.locator('[data-testid="eval-run"][data-status="done"]').waitFor({ timeout: 20_000 });
    expect(await run.innerText()).toContain('17/17 steps');
    const answers = server.completions().filter((r) => !isJudge(r) && !r.clientClosed);
    expect(answers).toHaveLength(2);

    const table = page.getByTestId('score-table');
    const consistency = table.locator('td[data-configuration="full"][data-dimension="consistency"]');
    // The judge's first answer (consistency of the first item) was garbage: recorded, not guessed.
    expect(await consistency.innerText()).toMatch(/^4\.00\s+n=1, 1 unparseable$/);
    expect(await table.locator('td[data-configuration="full"][data-dimension="quality"]').innerText()).toMatch(/^4\.00\s+n=2$/);
    expect(await table.locator('td[data-dimension="knowledgeBoundary"]').innerText()).toContain('4.00');
    expect(await page.getByTestId('metrics-table').innerText()).toMatch(/Reply form kept\s+100%/);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Report (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^egos-eval-Ada-Lovelace-\d{8}-\d{4}-report\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('score,full,,consistency,,mean,4,1,1');
    expect(csv).toContain('score,full,,quality,,mean,4,2,0');
    expect(csv).toContain('metric,full,,,,quoteCompliance,1,2,');

    await page.evaluate(await readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: string, options: object): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } })
        .axe;
      const result = await axe.run('section[aria-labelledby="eval-title"]', { runOnly: ['wcag2a', 'wcag2aa'] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);

    await page.reload();
    await page.locator('[data-testid="eval-run"][data-status="done"]').waitFor();
    expect(await page.getByTestId('score-table').innerText()).toContain('4.00');
    expect(log.errors).toEqual([]);
  });

  it('judges with another model through the judge form and compares an ablation head to head', async () => {
    const { page } = browser;
    const judged = (r: RecordedRequest): boolean => r.body?.model === 'judge-model';
    server.setScript((r) => ({
      models: ['test-model', 'judge-model'],
      tokens: judged(r)
        ? sent(r).includes('[Conversation A]')
          ? ['The in-character one wins.\n', `Verdict: ${/\[Conversation A\][^[]*Numbers are my poetry/.test(sent(r)) ? 'A' : 'B'}`]
          : ['Good.\n', 'Score: 5']
        : sent(r).includes('[Rules]')
          ? ['Ada Lovelace: "', 'Numbers are my poetry, sir."']
          : ['As an AI language model, I cannot say.'],
    }));
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician in 1843 London.', greeting: 'Good evening.' });
    await connectEndpoint(page, server.baseUrl, 'test-model');
    await page.goto(new URL('#/', page.url()).href);
    await page
      .getByRole('link', { name: /Ada Lovelace/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Evaluate' }).click();
    await page.getByRole('button', { name: 'Remove all questions' }).click();
    await page.getByLabel('New question').fill('What do you love most?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Quote mode off').check();
    await page.getByLabel('Another OpenAI-compatible server').check();
    await page.getByLabel('Judge base URL').fill(server.baseUrl);
    await page.getByLabel('Judge model name').fill('judge-model');
    await page.getByRole('button', { name: 'Run evaluation' }).click();
    await page.locator('[data-testid="eval-run"][data-status="done"], [data-testid="eval-error"]').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('eval-error').allInnerTexts()).toEqual([]);

    const judgeCalls = server.completions().filter(judged);
    expect(judgeCalls.every(isJudge)).toBe(true);
    // Two configurations × seven dimensions (five, plus correctness and overall), and the pairwise verdict in both orders.
    expect(judgeCalls).toHaveLength(2 * 7 + 2);
    expect(server.completions().filter((r) => isJudge(r) && !judged(r))).toEqual([]);
    const pairwise = await page.getByTestId('pairwise-table').innerText();
    expect(pairwise).toMatch(/Quote mode off\s+Full pipeline\s+0\s+0\s+1\s+0\s+0\s+1/);
    expect(await page.getByTestId('metrics-table').innerText()).toMatch(/Role-break rate\s+0%\s+100%/);
    expect(await page.getByTestId('eval-report').innerText()).toContain('judge: judge-model @ 127.0.0.1:');
  });

  it('lets the model interview, averages both positions, and calibrates the judge', async () => {
    const { page } = browser;
    const log = collectPageErrors(page);
    const interviewer = (r: RecordedRequest): boolean => sent(r).includes('You are the interviewer');
    server.setScript((r) => {
      if (r.method !== 'POST') return {};
      if (interviewer(r))
        return {
          tokens: [
            sent(r).includes('Interviewer: Why poetry?')
              ? '{"action":"done","question":"","reason":"depth"}'
              : '{"action":"follow-up","question":"Why poetry?","reason":"depth"}',
          ],
        };
      if (sent(r).includes('[Conversation A]')) return { tokens: ['Both fine.\n', 'Verdict: A'] };
      if (isJudge(r)) return { tokens: ['Fine.\n', sent(r).includes('[Calibration examples') ? 'Score: 5' : 'Score: 3'] };
      return { tokens: ['Ada Lovelace: "', 'Numbers are my poetry."'] };
    });
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician in 1843 London.', greeting: 'Good evening.' });
    await connectEndpoint(page, server.baseUrl, 'test-model');
    await page.goto(new URL('#/', page.url()).href);
    await page
      .getByRole('link', { name: /Ada Lovelace/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Evaluate' }).click();
    await page.getByRole('button', { name: 'Remove all questions' }).click();
    await page.getByLabel('New question').fill('What do you love most?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Quote mode off').check();
    await page.getByLabel("The judge's model asks the follow-ups").check();
    await page.getByLabel('Model follow-ups per question, at most').fill('2');
    await page.getByLabel('Average of both positions').check();

    await page.getByRole('button', { name: 'Calibrate judge' }).click();
    const calibration = page.getByTestId('calibration-table');
    await calibration.waitFor({ timeout: 30_000 });
    expect(await calibration.innerText()).toMatch(/Scores exactly right\s+\d+% \(n=18\)\s+\d+% \(n=18\)/);
    expect(await calibration.innerText()).toMatch(/Comparisons right \(both orders\)\s+0% \(n=4\)\s+0% \(n=4\)/);
    await page.getByTestId('eval-calibration').check();

    await page.getByRole('button', { name: 'Run evaluation' }).click();
    await page.locator('[data-testid="eval-run"][data-status="done"], [data-testid="eval-error"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('eval-error').allInnerTexts()).toEqual([]);
    const options = await page.getByTestId('eval-report-options').innerText();
    expect(options).toContain("Follow-ups: asked by the judge's model, at most 2 per question");
    expect(options).toContain('average of both positions');
    expect(options).toContain('Calibration examples: shown to the judge.');
    expect(await page.getByTestId('follow-up-table').locator('tr[data-configuration="full"] [data-testid="follow-ups-model"]').innerText()).toBe('1');
    // Position bias (always "A") averages to a tie under this rule.
    expect(await page.getByTestId('pairwise-table').innerText()).toMatch(/Quote mode off\s+Full pipeline\s+0\s+1\s+0\s+0\s+0\s+1\s+0\.50/);
    expect(server.completions().filter((r) => sent(r).includes('[Calibration examples')).length).toBeGreaterThan(0);
    // The measurement taken before the run is reported with it.
    expect(await page.getByTestId('report-calibration').innerText()).toMatch(/Comparisons right \(both orders\)\s+0% \(n=4\)\s+0% \(n=4\)/);
    expect(log.errors).toEqual([]);
  });
});
