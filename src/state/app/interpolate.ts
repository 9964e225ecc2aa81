/** The `{name}` placeholders of a message template, as a union of their names (`never` when none). */
export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;

/** The rest parameters a message needs: nothing without placeholders, else one value per placeholder. */
export type ParamsOf<S extends string> = [PlaceholdersOf<S>] extends [never] ? [] : [params: Record<PlaceholdersOf<S>, string | number>];

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{name}` placeholders in a template, in order of appearance (repeats kept). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills the `{name}` placeholders of a template; a placeholder without a value is left as it is,
 * so a mistake shows on screen instead of an empty gap.
 */
export function interpolate(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
