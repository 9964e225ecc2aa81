import { describe, expect, it } from 'vitest';
import { CliError, exitCodeOf } from '../../src/cli/cli-error.ts';
import { parseEvalArgs } from '../../src/cli/eval-args.ts';

const base = ['--persona', 'card.png', '--endpoint', 'http://localhost:11434/v1', '--model', 'qwen2.5:3b'];

describe('parseEvalArgs', () => {
  it('applies defaults', () => {
    expect(parseEvalArgs(base)).toEqual({
      persona: 'card.png',
      endpoint: 'http://localhost:11434/v1',
      model: 'qwen2.5:3b',
      apiKey: undefined,
      judgeEndpoint: undefined,
      judgeModel: undefined,
      judgeApiKey: undefined,
      samples: 1,
      out: './eval-report',
      ablations: false,
      maxQuestions: undefined,
      interview: undefined,
      language: undefined,
      contextWindow: 4096,
      rawCompletion: false,
      restart: false,
    });
  });

  it('reads every option, API keys from the named environment variables', () => {
    const options = parseEvalArgs(
      [
        ...base,
        '--judge-endpoint',
        'https://judge.example/v1',
        '--judge-model',
        'qwen2.5:32b',
        '--api-key-env',
        'K1',
        '--judge-api-key-env',
        'K2',
        '--samples',
        '3',
        '--ablations',
        '--max-questions',
        '5',
        '--language',
        'zh',
        '--context-window',
        '8192',
        '--raw-completion',
        '--out',
        'dir',
        '--restart',
        '--interview',
        'set.json',
      ],
      { K1: 'secret-1', K2: 'secret-2' },
    );
    expect(options).toMatchObject({
      apiKey: 'secret-1',
      judgeApiKey: 'secret-2',
      judgeEndpoint: 'https://judge.example/v1',
      judgeModel: 'qwen2.5:32b',
      samples: 3,
      ablations: true,
      maxQuestions: 5,
      language: 'zh',
      contextWindow: 8192,
      rawCompletion: true,
      out: 'dir',
      restart: true,
      interview: 'set.json',
    });
    expect(parseEvalArgs([...base, '--api-key-env', 'K1'], { K1: 'k' })?.judgeApiKey).toBe('k');
  });

  it('returns null for --help', () => {
    expect(parseEvalArgs(['--help'])).toBeNull();
  });

  it.each([
    [['--persona', 'c.png', '--model', 'm'], /Missing --endpoint/],
    [[...base, '--samples', '0'], /--samples must be a whole number from 1 to 10 \(got "0"\)/],
    [[...base, '--samples', '2.5'], /--samples must be a whole number/],
    [[...base, '--max-questions', 'lots'], /--max-questions must be a whole number/],
    [[...base, '--language', 'fr'], /--language must be "en" or "zh"/],
    [[...base, '--api-key-env', 'NOPE'], /environment variable NOPE, but it is not set/],
    [[...base, '--bogus'], /Unknown option '--bogus'/],
    [[...base, 'extra'], /Run with --help/],
  ])('rejects %j as a usage error', (argv, message) => {
    let caught: unknown;
    try {
      parseEvalArgs(argv as string[]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as Error).message).toMatch(message);
    expect(exitCodeOf(caught)).toBe(2);
  });

  it('uses exit status 1 for everything but usage errors', () => {
    expect(exitCodeOf(new CliError('io', 'disk full'))).toBe(1);
    expect(exitCodeOf(new Error('boom'))).toBe(1);
  });
});
