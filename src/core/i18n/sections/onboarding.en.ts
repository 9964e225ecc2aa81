import { addSection } from '../sections.ts';

/** The English texts of the first-run screen (section `onboarding`: keys `firstRun.`); registered when the screen loads. */
export const onboardingEn = addSection('onboarding', {
  // First run
  'firstRun.model.title': 'The model',
  'firstRun.model.checking': 'Checking what this device can run…',
  'firstRun.model.gpu': 'Start downloads {name} ({size}), the model this device runs best. It downloads once and then works offline.',
  'firstRun.model.cpu':
    'This browser has no WebGPU, so Start downloads {name} ({size}) for the CPU engine: slower, and it works everywhere. It downloads once and then works offline.',
  'firstRun.start': 'Start',
  'firstRun.downloading': 'Downloading {name}',
  'firstRun.progress': '{loaded} of {size} · {percent}%',
  'firstRun.left.estimating': 'working out the time left…',
  'firstRun.left.seconds': 'about {seconds} s left',
  'firstRun.left.minutes': 'about {minutes} min left',
  'firstRun.ready': 'Model ready: {label}.',
  'firstRun.server': 'Use my server',
  'firstRun.serverHide': 'Hide the server form',
  'firstRun.serverHelp': 'Ollama, llama.cpp server, vLLM, LM Studio or any OpenAI-compatible server counts as the model.',
  'firstRun.characters.title': 'Your character',
  'firstRun.characters.help':
    'Pick a starter character, import a character card, or write your own. The chat opens with its greeting as soon as the model is ready.',
  'firstRun.characters.starters': 'Starter characters',
  'firstRun.starter.adding': 'Adding…',
  'firstRun.starter.picked': 'Picked',
  'firstRun.write': 'Write one',
  'firstRun.waiting': 'You picked {name}. The chat opens as soon as the model is ready.',
  'firstRun.opening': 'Opening the chat with {name}…',
  'firstRun.openNow': 'Open the chat with {name}',
  'firstRun.skip': 'Skip: go to the persona list',
  // The user's name on the first-run screen
  'firstRun.userName.label': 'What should the characters call you? (optional)',
  'firstRun.userName.help': 'Your first name or a nickname. Leave it empty and EGOS asks when the chat opens; change it later on the You page.',
});
