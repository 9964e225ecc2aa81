import type { PersonaLanguage } from './persona.ts';
import { fieldLabel, type PersonaField } from './field-text.ts';

/** Stable key of a validation problem; the UI may translate by key. */
export type FieldErrorKey = 'required' | 'too-long' | 'too-many' | 'item-too-long' | 'wrong-type' | 'out-of-range' | 'invalid-choice';

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
  /** English message for the user, naming the field and what to do. */
  message: string;
}

type Template = (label: string, p: FieldErrorParams) => string;

const TEMPLATES: Record<PersonaLanguage, Record<FieldErrorKey, Template>> = {
  en: {
    required: (l) => `${l} is required. Please fill it in.`,
    'too-long': (l, p) => `${l} is too long (${p.actual} characters). Shorten it to at most ${p.max}.`,
    'too-many': (l, p) => `${l} has too many items (${p.actual}). Keep at most ${p.max}.`,
    'item-too-long': (l, p) => `${l}: item ${(p.index ?? 0) + 1} is too long. Shorten it to at most ${p.max} characters.`,
    'wrong-type': (l, p) => `${l}${p.detail ? ` (${p.detail})` : ''} has the wrong kind of value. Re-enter it in the editor.`,
    'out-of-range': (l, p) => `${l}: ${p.detail ?? 'the value'} must be between ${p.min} and ${p.max}.`,
    'invalid-choice': (l) => `${l} must be English or Chinese.`,
  },
  zh: {
    required: (l) => `${l}为必填项，请填写。`,
    'too-long': (l, p) => `${l}太长（${p.actual}个字符），请缩短到${p.max}个字符以内。`,
    'too-many': (l, p) => `${l}的条目太多（${p.actual}条），最多保留${p.max}条。`,
    'item-too-long': (l, p) => `${l}：第${(p.index ?? 0) + 1}条太长，请缩短到${p.max}个字符以内。`,
    'wrong-type': (l, p) => `${l}${p.detail ? `（${p.detail}）` : ''}的值类型不对，请在编辑器中重新填写。`,
    'out-of-range': (l, p) => `${l}：${p.detail ?? '数值'}必须在${p.min}到${p.max}之间。`,
    'invalid-choice': (l) => `${l}只能是英文或中文。`,
  },
};

/** The message of a field error in `language`, using the field's label in that language. */
export function formatFieldError(error: Pick<FieldError, 'field' | 'key' | 'params'>, language: PersonaLanguage): string {
  return TEMPLATES[language][error.key](fieldLabel(error.field, language), error.params);
}

/** Builds a field error with its English message. */
export function fieldError(field: PersonaField, key: FieldErrorKey, params: FieldErrorParams = {}): FieldError {
  return { field, key, params, message: formatFieldError({ field, key, params }, 'en') };
}
