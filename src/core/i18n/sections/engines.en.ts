import { addSection } from '../sections.ts';

/** The English texts of the engine page: your own server, custom and CPU models (section `engines`: keys `endpoint.`, `custom.`, `cpu.`); registered when this part of the app loads. */
export const enginesEn = addSection('engines', {
  // Models (GPU and CPU)
  'custom.title': 'Add a self-hosted model',
  'custom.help.before':
    'For weights you host yourself (this site, an intranet, your own Qwen fine-tune compiled with MLC LLM). Like WebLLM, EGOS reads the files from ',
  'custom.help.middle': ' (mlc-chat-config.json, tensor-cache.json, the shards, tokenizer files) unless the URL already contains ',
  'custom.help.after':
    '. A server on another site must allow this page (CORS). Adding a model from a new site reloads the page once, so the security policy can allow it.',
  'custom.weightsUrlCode': '<weights URL>',
  'custom.id': 'Model id',
  'custom.weightsUrl': 'Weights URL',
  'custom.libUrl': 'Model library URL (.wasm)',
  'custom.vram': 'GPU memory needed, MB (optional)',
  'custom.checking': 'Checking the files…',
  'custom.add': 'Check files and add',
  'cpu.title': 'On your processor (CPU, no GPU needed)',
  'cpu.recommended': 'Recommended for this browser',
  'cpu.help':
    'llama.cpp, compiled to WebAssembly, runs small Qwen models on your processor: private like the GPU models, slower, and fine for short replies. A model downloads once, stays in this browser and then works offline.',
  'cpu.listLabel': 'CPU models',
  'cpu.weights': '4-bit weights',
  'cpu.facts': 'Download ≈ {download} · needs ≈ {memory} of memory · {context} tokens of context',
  'cpu.yourGguf': 'your GGUF',
  'cpu.deleteQuestion': 'Delete the downloaded file of {name}? You can download it again later.',
  'cpu.deleteFile': 'Delete downloaded file',
  'cpu.another': 'Another GGUF model',
  'cpu.address': 'GGUF address',
  'cpu.addressHelp':
    'The full https:// address of a .gguf file (plain http only on this machine). Its server must allow this site (CORS). Chat models with the ChatML format, such as Qwen, work best.',
  'cpu.loadAnyway': 'Load anyway',
  'cpu.loadFromAddress': 'Load from address',
  // Your own server
  'endpoint.title': 'Your own model server',
  'endpoint.help': 'Any OpenAI-compatible server: Ollama, llama.cpp server, vLLM, LM Studio.',
  'endpoint.baseUrl': 'Base URL',
  'endpoint.local': 'Runs on this machine: your text stays on this device.',
  'endpoint.remote': 'This server is not on this machine: your messages leave this device and are sent to it.',
  'endpoint.model': 'Model name',
  'endpoint.context': 'Context window (tokens)',
  'endpoint.contextHelp.before': "How much the server's model reads at once. Ollama uses 2048–4096 unless you raise ",
  'endpoint.contextHelp.after': '.',
  'endpoint.apiKey': 'API key (optional, stored only on this device)',
  'endpoint.rawCompletion': 'The server accepts raw prompts (/v1/completions): llama.cpp server, vLLM, Ollama',
  'endpoint.rawCompletionHelp':
    "EGOS then writes the whole prompt and ends it inside the character's opening quote: the strongest quote mode. Leave it off for servers that only offer chat (/v1/chat/completions).",
  'endpoint.wait': 'Wait for the server (seconds)',
  'endpoint.waitHelp': 'How long to wait for the first word of a reply and between its parts. Raise it when the server loads its model on the first request.',
  'endpoint.retrying': 'Trying again in {seconds} s (try {attempt}), until the server answers or you choose another model.',
  'endpoint.connecting': 'Connecting…',
  'endpoint.connect': 'Connect',
  'endpoint.connected': 'Connected to {label}.',
  // Chat files: export, import, training data
  'custom.fineTuned':
    'Fine-tuned a Qwen on your chats (Data, Training data)? Compile it with MLC LLM and add it here; for the CPU engine, convert it to GGUF and enter its address under "Another GGUF model". The README describes both.',
} as const);
