/** The evaluation harness wired to the chat's prompt builder: answers per configuration, new runs. */
export * from './answer-for.ts';
export * from './answer-with-configuration.ts';
export * from './interview-messages.ts';
export * from './new-evaluation.ts';
export * from './persona-core-for.ts';
export * from './turn-notes.ts';
