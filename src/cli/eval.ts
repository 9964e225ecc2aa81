/**
 * `npm run eval`: the evaluation harness from Node against an OpenAI-compatible server. A
 * composition root like src/main.ts: it builds the concrete adapters; nothing imports it.
 */
import { AppError } from '../core/errors/index.ts';
// The CLI prints the evaluation's, the engines' and the cards' texts in English: register those sections.
import '../core/i18n/sections/eval.en.ts';
import '../core/i18n/sections/engines.en.ts';
import '../core/i18n/sections/cards.en.ts';
import '../core/i18n/sections/chat.en.ts';
import { CliError, exitCodeOf } from './cli-error.ts';
import { EVAL_USAGE, parseEvalArgs } from './eval-args.ts';
import { runEvalCommand } from './eval-command.ts';

async function main(): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nStopping after the current step… (press Ctrl+C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    const options = parseEvalArgs(process.argv.slice(2), process.env);
    if (!options) {
      process.stdout.write(`${EVAL_USAGE}\n`);
      return 0;
    }
    return await runEvalCommand(options, {
      log: (line) => process.stderr.write(`${line}\n`),
      print: (line) => process.stdout.write(`${line}\n`),
      signal: controller.signal,
    });
  } catch (error) {
    const message =
      error instanceof AppError || error instanceof CliError
        ? error.message
        : `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`eval: ${message}\n`);
    return exitCodeOf(error);
  }
}

process.exitCode = await main();
