import { redactMessage, redactSecretText } from '../../core/backup/redact-secrets.ts';
import { EngineError } from '../../core/errors/index.ts';
import { isMessage, msg, type Message } from '../../core/i18n/message.ts';

/** The error shown when "Generate questions" is pressed with no model ready. */
export function noModelToGenerate(): EngineError {
  return new EngineError('not-loaded', msg('eval.noModel.generate'));
}

/** The error shown when a run is started or resumed with no model ready to answer. */
export function noModelToAnswer(): EngineError {
  return new EngineError('not-loaded', msg('eval.noModel.answer'));
}

/** What "Generate questions" added, and how many unusable questions it left out. */
export function questionsAdded(added: number, rejected: number): Message {
  const left = rejected === 0 ? '' : rejected === 1 ? msg('eval.note.rejected.one') : msg('eval.note.rejected.other', { count: rejected });
  return added === 1 ? msg('eval.note.added.one', { rejected: left }) : msg('eval.note.added.other', { count: added, rejected: left });
}

/** The line shown while the page reloads so that the judge's server may be reached. */
export function reloadingForJudge(baseUrl: string): Message {
  return msg('eval.note.reloadingForJudge', { url: baseUrl });
}

/** The judge's label when the answering engine judges and has no label of its own. */
export function answeringModelLabel(): Message {
  return msg('eval.answeringModel');
}

/**
 * Why a saved run failed: the message the run kept, else (a run saved before runs kept one) its
 * English text inside a line saying the run stopped. Credentials are redacted.
 */
export function runFailureText(error: { readonly message: string; readonly text?: unknown } | undefined): Message {
  if (!error) return msg('eval.stopped');
  if (isMessage(error.text)) return redactMessage(error.text);
  return msg('eval.stoppedBecause', { message: redactSecretText(error.message) });
}
