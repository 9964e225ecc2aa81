import { addSection } from '../sections.ts';

/** The English texts of the memory screens: semantic search (section `memory`: keys `semantic.`); registered when this part of the app loads. */
export const memoryEn = addSection('memory', {
  // Memory screens
  'semantic.title': 'Semantic search',
  'semantic.help':
    'Finds memories by meaning, not only by matching words (e.g. "bees" also finds "the hive"). It downloads a search model once ({size}), which then works offline. Keyword search keeps working meanwhile, and without it.',
  'semantic.advanced': 'Advanced: model host',
  'semantic.host': 'Model host (self-hosted mirror of the model files)',
  'semantic.turnOn': 'Turn on semantic search ({size} download)',
  'semantic.reloadNeeded': 'The page must reload to allow connections to {host}.',
  'semantic.reloadNow': 'Reload now',
  'semantic.downloading': 'Downloading the search model: {percent}%',
  'semantic.keywordMeanwhile': 'Keyword search keeps working meanwhile.',
  'semantic.on': 'Semantic search is on.',
  'semantic.turnOff': 'Turn off semantic search',
  'semantic.tryAgain': 'Try again',
  'semantic.embedding': 'Embedding {done} of {total} memories…',
  // State texts: memory edits and semantic search
  'semantic.starting': 'Starting the download…',
  'semantic.error.failed': 'Semantic search failed ({why}). Keyword search keeps working.',
  'semantic.error.notSaved': 'The semantic-search setting could not be saved ({why}).',
  'semantic.error.offline': 'You are offline and the search model is not downloaded yet. Connect to the internet and try again.',
  'semantic.error.loadFailed': 'The search model could not be loaded: {why} Keyword search keeps working meanwhile.',
  'semantic.error.embedding': 'Some memories could not be prepared for semantic search ({why}). Keyword search keeps working.',
} as const);
