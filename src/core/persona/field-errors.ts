import { english, msg, type Message } from '../i18n/message.ts';
import { fieldLabel, type PersonaField } from './field-text.ts';

/** Stable key of a validation problem; the UI may translate by key. */
export type FieldErrorKey = 'required' | 'too-long' | 'too-many' | 'item-too-long' | 'item-empty' | 'wrong-type' | 'out-of-range' | 'invalid-choice';

/** Details a message needs. */
export interface FieldErrorParams {
  max?: number;
  min?: number;
  /** Length or count found. */
  actual?: number;
  /** 0-based index of the offending list item. */
  index?: number;
  /** Sub-field, e.g. `temperature` under `sampling` or `replyLength` under `style`. */
  detail?: string;
}

/** One problem with one field of the persona editor. */
export interface FieldError {
  field: PersonaField;
  key: FieldErrorKey;
  params: FieldErrorParams;
  /** What the user is told, naming the field (by its label) and what to do. */
  text: Message;
  /** The English sentence of {@link text}, for logs and tests. */
  message: string;
}

/** The message of a field problem, naming the field by its label. */
function fieldErrorMessage(error: Pick<FieldError, 'field' | 'key' | 'params'>): Message {
  const field = fieldLabel(error.field);
  const p = error.params;
  switch (error.key) {
    case 'required':
      return msg('persona.fieldError.required', { field });
    case 'too-long':
      return msg('persona.fieldError.tooLong', { field, actual: p.actual ?? 0, max: p.max ?? 0 });
    case 'too-many':
      return msg('persona.fieldError.tooMany', { field, actual: p.actual ?? 0, max: p.max ?? 0 });
    case 'item-too-long':
      return msg('persona.fieldError.itemTooLong', { field, number: (p.index ?? 0) + 1, max: p.max ?? 0 });
    case 'item-empty':
      return msg('persona.fieldError.itemEmpty', { field, number: (p.index ?? 0) + 1 });
    case 'wrong-type':
      return p.detail ? msg('persona.fieldError.wrongTypeOf', { field, detail: p.detail }) : msg('persona.fieldError.wrongType', { field });
    case 'out-of-range':
      return msg('persona.fieldError.outOfRange', { field, detail: p.detail ?? msg('persona.fieldError.theValue'), min: p.min ?? 0, max: p.max ?? 0 });
    case 'invalid-choice':
      return msg('persona.fieldError.invalidChoice', { field });
  }
}

/** Builds a field error with its message. */
export function fieldError(field: PersonaField, key: FieldErrorKey, params: FieldErrorParams = {}): FieldError {
  const text = fieldErrorMessage({ field, key, params });
  return { field, key, params, text, message: english(text) };
}
