import { parseArgs } from 'node:util';
import { CliError } from './cli-error.ts';

/** The options of `npm run eval`, checked. */
export interface EvalCliOptions {
  /** Character card file (PNG, JSON or CHARX). */
  persona: string;
  endpoint: string;
  model: string;
  apiKey?: string;
  /** The judge's server; the answering one when absent. */
  judgeEndpoint?: string;
  judgeModel?: string;
  judgeApiKey?: string;
  samples: number;
  out: string;
  ablations: boolean;
  maxQuestions?: number;
  /** An interview set JSON file instead of the built-in set. */
  interview?: string;
  language?: 'en' | 'zh';
  contextWindow: number;
  rawCompletion: boolean;
  restart: boolean;
}

/** Usage text printed by `--help` and after a usage error. */
export const EVAL_USAGE = `Usage: npm run eval -- --persona card.png --endpoint URL --model NAME [options]

Interviews a character card's persona through an OpenAI-compatible server, has a judge
grade the answers, and writes report.json, report.csv, transcripts.csv and judgements.csv.

  --persona FILE          character card (PNG, JSON or CHARX), required
  --endpoint URL          base URL of the model server, e.g. http://localhost:11434/v1, required
  --model NAME            model that plays the character, e.g. qwen2.5:3b, required
  --api-key-env VAR       read the server's API key from environment variable VAR
  --judge-endpoint URL    judge on another server (default: the same server)
  --judge-model NAME      judge model (default: the same model)
  --judge-api-key-env VAR API key of the judge's server (default: --api-key-env)
  --samples K             judge samples per answer and dimension, and verdicts per order of each comparison, 1-10 (default 1)
  --ablations             also run every ablation (quote mode, Extract, memory, style, exemplars off)
  --max-questions N       use at most N interview items, spread over the categories
  --interview FILE        interview set JSON instead of the built-in questions
  --language en|zh        interview language (default: the persona's)
  --context-window N      the model's context window in tokens (default 4096)
  --raw-completion        send raw prompts to /completions (servers without a chat template)
  --out DIR               where the report files go (default ./eval-report)
  --restart               start over even if DIR holds an unfinished run
  --help                  show this text

An unfinished run in --out (run-state.json) is resumed; Ctrl+C stops and keeps what is done.`;

const SPEC = {
  persona: { type: 'string' },
  endpoint: { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  'judge-endpoint': { type: 'string' },
  'judge-model': { type: 'string' },
  'judge-api-key-env': { type: 'string' },
  samples: { type: 'string' },
  ablations: { type: 'boolean' },
  'max-questions': { type: 'string' },
  interview: { type: 'string' },
  language: { type: 'string' },
  'context-window': { type: 'string' },
  'raw-completion': { type: 'boolean' },
  out: { type: 'string' },
  restart: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function usage(message: string): CliError {
  return new CliError('usage', `${message}\nRun with --help to see every option.`);
}

function required(value: string | undefined, flag: string, example: string): string {
  const text = value?.trim() ?? '';
  if (text === '') throw usage(`Missing ${flag}, e.g. ${flag} ${example}.`);
  return text;
}

function wholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw usage(`${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

function keyFrom(variable: string | undefined, flag: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (variable === undefined) return undefined;
  const key = env[variable];
  if (key === undefined || key === '') throw usage(`${flag} names the environment variable ${variable}, but it is not set. Export it first.`);
  return key;
}

/**
 * Parses the arguments after `npm run eval --`. Returns null for `--help`.
 * @throws CliError (`usage`) naming the first missing or malformed option.
 */
export function parseEvalArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): EvalCliOptions | null {
  let values: ReturnType<typeof parseArgs<{ options: typeof SPEC }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: SPEC, allowPositionals: false, strict: true }));
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return null;
  const language = values.language;
  if (language !== undefined && language !== 'en' && language !== 'zh') throw usage(`--language must be "en" or "zh" (got "${language}").`);
  const apiKey = keyFrom(values['api-key-env'], '--api-key-env', env);
  return {
    persona: required(values.persona, '--persona', 'card.png'),
    endpoint: required(values.endpoint, '--endpoint', 'http://localhost:11434/v1'),
    model: required(values.model, '--model', 'qwen2.5:3b'),
    apiKey,
    judgeEndpoint: values['judge-endpoint']?.trim() || undefined,
    judgeModel: values['judge-model']?.trim() || undefined,
    judgeApiKey: keyFrom(values['judge-api-key-env'], '--judge-api-key-env', env) ?? apiKey,
    samples: wholeNumber(values.samples, '--samples', 1, 10) ?? 1,
    out: values.out?.trim() || './eval-report',
    ablations: values.ablations ?? false,
    maxQuestions: wholeNumber(values['max-questions'], '--max-questions', 1, 1000),
    interview: values.interview?.trim() || undefined,
    language,
    contextWindow: wholeNumber(values['context-window'], '--context-window', 512, 1_048_576) ?? 4096,
    rawCompletion: values['raw-completion'] ?? false,
    restart: values.restart ?? false,
  };
}
