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
  // Moved from the start-up catalogue: engine., models., storage.
  'engine.customModel.duplicate': '"{id}" is already in the list. Choose another id for your model.',
  'engine.customModel.notAdded': '{id} was not added: {why}',
  'storage.action.readPersonas': 'read personas',
  'storage.action.readPersona': 'read a persona',
  'storage.action.deletePersona': 'delete the persona',
  'storage.action.readChats': 'read chats',
  'storage.action.readChat': 'read a chat',
  'storage.action.saveChat': 'save the chat',
  'storage.action.deleteChat': 'delete the chat',
  'storage.action.readMessages': 'read messages',
  'storage.action.readMessage': 'read a message',
  'storage.action.saveMessage': 'save the message',
  'storage.action.saveMessages': 'save the messages',
  'storage.action.deleteMessage': 'delete the message',
  'storage.action.deleteMessages': 'delete the messages',
  'storage.action.readSettings': 'read settings',
  'storage.action.saveSettings': 'save settings',
  'storage.action.readMemories': 'read memories',
  'storage.action.saveMemory': 'save a memory',
  'storage.action.saveMemories': 'save memories',
  'storage.action.deleteMemory': 'delete a memory',
  'storage.action.readEvalRuns': 'read evaluation runs',
  'storage.action.readEvalRun': 'read an evaluation run',
  'storage.action.saveEvalRun': 'save the evaluation run',
  'storage.action.deleteEvalRun': 'delete the evaluation run',
  'storage.action.readBooks': 'read world books',
  'storage.action.readBook': 'read a world book',
  'storage.action.saveBook': 'save the world book',
  'storage.action.deleteBook': 'delete the world book',
  'storage.action.readForBackup': 'read your data for the backup',
  'storage.action.readData': 'read your data',
  'storage.action.restoreBackup': 'restore the backup',
  'storage.action.savePersona': 'save “{name}”',
  'storage.error.full':
    'Storage is full, so EGOS could not {action}. Free space (delete old chats or cached models in Models), then try again. Nothing already saved was changed.',
  'storage.error.unavailable':
    "The browser's local database is not available, so EGOS could not {action}. Private windows and some browser settings block it: open EGOS in a normal window and reload.",
  'storage.error.failed': 'EGOS could not {action} ({name}). Reload the page and try again.',
  'storage.error.messageGone': 'That message no longer exists (it may have been deleted in another tab). Reload the chat.',
  'storage.error.unknown': 'unknown error',
  'engine.error.notLoaded': 'No model is loaded. Open the Engine page (the model link at the top) and load a model first.',
  'engine.error.contextOverflow': 'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.',

  'engine.openai.address.empty': 'The server address is empty. Enter the server address with http:// or https://, for example http://localhost:11434/v1.',
  'engine.openai.address.invalid':
    '"{address}" is not a valid address. Enter the server address with http:// or https://, for example http://localhost:11434/v1.',
  'engine.openai.address.protocol':
    'The address must start with http:// or https:// (got {protocol}). Enter the server address with http:// or https://, for example http://localhost:11434/v1.',
  'engine.openai.address.credentials': 'Remove the user name and password from the address; put a key in the API key field instead.',
  'engine.openai.apiKey.lineBreak': 'The API key contains a line break. Paste the key again as a single line.',
  'engine.openai.apiKey.notAscii': 'The API key contains characters that cannot be sent (only plain ASCII is allowed). Paste the key again.',
  'engine.openai.timeout.invalid': 'The {name} must be a positive number of milliseconds (got {value}).',
  'engine.openai.timeout.request': 'request timeout',
  'engine.openai.timeout.stall': 'stall timeout',
  'engine.openai.model.empty': 'Enter the name of the model the server should use, e.g. qwen3:4b for Ollama.',
  'engine.openai.model.notServed':
    'The server at {server} does not serve a model named "{model}". It serves: {served}. Enter one of these under Model name in Engine → Your own model server, or install the model on the server (for Ollama: ollama pull {model}).',
  'engine.openai.models.none': 'none',
  'engine.openai.models.name': '"{name}"',
  'engine.openai.models.list': '{first}, {rest}',
  'engine.openai.models.more': '{shown} and {count} more',
  'engine.openai.notConnected': 'Connect to the server first: open Engine, enter the server and press Connect.',
  'engine.openai.connectCancelled': 'Connecting to the server was cancelled.',
  'engine.openai.notModelList':
    'The server at {server} did not answer /models with a model list, so it does not look like an OpenAI-compatible API. Check the address: it usually ends in /v1, e.g. http://localhost:11434/v1.',

  'engine.openai.progress.connecting': 'Connecting to {server}',
  'engine.openai.progress.connected': 'Connected to {server} ({model})',

  'engine.openai.connectionRefused': 'Could not connect to {server}. Is the server running, and are the host, port and path right?{hint}',
  'engine.openai.mixedContent':
    ' EGOS is open over https, so the browser blocks plain-http servers other than localhost: serve the API over https, or open EGOS from http://localhost.',
  'engine.openai.connectionClosed': "The server at {server} closed the connection without answering. Check the server's log, then try again.",
  'engine.openai.cors':
    'The server at {server} is running but does not allow requests from {who} (CORS). Allow this origin on the server: Ollama: set OLLAMA_ORIGINS={origin} and restart Ollama; LM Studio: turn on "Enable CORS" in the server settings (or lms server start --cors); llama-server: --cors-origins {origin}; vLLM: --allowed-origins \'["{origin}"]\'. A proxy in front of the server must send the CORS headers too.',
  'engine.openai.cors.thisPage': 'this page',
  'engine.openai.cors.pageAddress': '<the address EGOS is opened from>',
  'engine.openai.connectionBroke': 'The connection to {server} broke while the reply was arriving. Check that the server is still running, then try again.',
  'engine.openai.noAnswer':
    'The server at {server} did not answer within {time}. Check that it is running and not busy (loading a model can take a while), or raise “Wait for the server” in Engine → Your own model server.',
  'engine.openai.stalled':
    'The server at {server} stopped sending for {time} in the middle of a reply. The text so far is kept; check the server, then try again.',

  'engine.openai.said': ' The server said: "{message}".',
  'engine.openai.saidSentence': ' The server said: "{message}"',
  'engine.openai.unauthorized.rejected':
    'The server at {server} rejected the API key (HTTP {status}). Check the API key in Engine → Your own model server, then press Connect.',
  'engine.openai.unauthorized.needsKey':
    'The server at {server} needs an API key (HTTP {status}). Enter the API key in Engine → Your own model server, then press Connect.',
  'engine.openai.model.missing':
    'The server at {server} has no model "{model}".{said} Enter a model the server lists under Model name in Engine → Your own model server, or install it on the server (for Ollama: ollama pull {model}).',
  'engine.openai.endpoint.missing':
    'The server at {server} has no {path} endpoint (HTTP 404). Check the address: it usually ends in /v1, e.g. http://localhost:11434/v1.{chatOnly}',
  'engine.openai.endpoint.chatOnly': ' If the server only offers chat, turn off raw completion.',
  'engine.openai.contextOverflow':
    "The conversation is too long for the model's context on {server}.{said} Shorten the history or raise the server's context size.",
  'engine.openai.httpStatus': "The server at {server} answered HTTP {status}.{said} Check the server's log, then try again.",
  'engine.openai.webPage':
    'The server at {server} answered with a web page instead of a completion stream. Check the address: it should be the API (usually ending in /v1), not a web interface.',
  'engine.openai.emptyAnswer': "The server at {server} sent an empty answer. Check the server's log, then try again.",
  'engine.openai.closedEarly': "The connection to {server} closed before the reply finished. The text so far is kept; check the server's log, then try again.",
  'engine.openai.stream.malformed':
    'The server at {server} sent {what}, which is not the OpenAI streaming format. Check that the address points at an OpenAI-compatible API (usually ending in /v1).',
  'engine.openai.stream.notJson': 'a line that is not JSON ("{line}")',
  'engine.openai.stream.notObject': 'a line that is not a JSON object',
  'engine.openai.stream.noChoices': 'a chunk without "choices"',
  'engine.openai.stream.choiceNotObject': 'a chunk whose first choice is not an object',
  'engine.openai.stream.textNotString': 'a chunk whose text is not a string',
  'engine.openai.stream.serverError': "The server at {server} stopped with an error: {said}. Check the server's log, then try again.",
  'engine.openai.stream.serverErrorSentence': "The server at {server} stopped with an error: {said} Check the server's log, then try again.",

  'engine.webllm.loadCancelled': 'Loading {model} was cancelled. Downloaded parts stay cached; load again to resume.',
  'engine.webllm.theModel': 'the model',
  'engine.webllm.unloaded':
    'The GPU was lost or reset and {model} was unloaded. Your chat is saved. Load the model again, or pick a smaller model if this keeps happening.',
  'engine.webllm.deviceLost.load':
    'The GPU was lost while loading {model}, usually because it ran out of memory. Your chat is saved. Close other GPU-heavy tabs and load a smaller model (or a q4f16 build).',
  'engine.webllm.deviceLost.run':
    'The GPU was lost or reset while running {model}, and the model was unloaded. Your chat is saved. Load it again, or pick a smaller model.',
  'engine.webllm.quota':
    'There is not enough storage to download {model}. Free space (delete other cached models in Models, or other site data), or pick a smaller model, then retry.',
  'engine.webllm.outOfMemory':
    "{model} does not fit in your GPU's memory. Your chat is saved. Pick a smaller model, or close other tabs and apps that use the GPU.",
  'engine.webllm.noF16': 'Your GPU cannot run the q4f16 build of this model. Pick the q4f32 build instead.',
  'engine.webllm.feature': '{model} needs a WebGPU feature this browser does not offer ({detail}). Update the browser, or pick another model.',
  'engine.webllm.noWebGpu':
    'WebGPU is not available here (no compatible GPU was found), so in-browser models cannot run. Use a browser with WebGPU turned on (recent Chrome or Edge), or pick the CPU engine or your own server on the Engine page.',
  'engine.webllm.limits': "This GPU's WebGPU limits are too small for in-browser models ({detail}). Pick the CPU engine or your own server on the Engine page.",
  'engine.webllm.notInList':
    '{model} is not in the list of models this app gave the engine. Pick the model again in Models; for a self-hosted model, add it again under self-hosted models.',
  'engine.webllm.integrity':
    'A downloaded file of {model} did not match its checksum (corrupted, or changed on the server). Use "Delete cached files" and retry; for a self-hosted model, update its files or checksums.',
  'engine.webllm.incomplete':
    'The model record of {model} is incomplete ({detail}). For a self-hosted model, check its weights and library URLs and add it again.',
  'engine.webllm.downloadFailed':
    'Downloading {model} failed: a file could not be fetched (you may be offline, the model host may be blocked, or the server refused the request). Check your connection and that huggingface.co (or your model server) is reachable, then press Retry. If an earlier download was interrupted, use "Delete cached files" first.',
  'engine.webllm.badSetting': 'The engine rejected a generation setting ({detail}). Check temperature, top-p and the penalties in the settings, then retry.',
  'engine.webllm.replyFailed':
    'The model stopped with an error while replying ({detail}). Your chat is saved; try again, and if it keeps happening, load the model again on the Engine page.',
  'engine.webllm.deleteFailed': 'Deleting the cached files of {model} failed ({detail}). Reload the page and try again.',
  'engine.webllm.loadFailed': 'Loading {model} failed ({detail}). Try "Delete cached files" and retry, or pick another model.',
  'engine.webllm.file.chatConfig': 'the model config (mlc-chat-config.json)',
  'engine.webllm.file.tensorCache': 'the weight list (tensor-cache.json)',
  'engine.webllm.file.library': 'the model library (.wasm)',
  'engine.webllm.file.unreachable':
    'Could not reach {url} ({what}). Check the address and that the server is running; a server on another site must allow this page with CORS (Access-Control-Allow-Origin).',
  'engine.webllm.file.notFound': '{what} was not found at {url} (404). Upload the file there, or correct the URL.',
  'engine.webllm.file.status': "The server answered {status} for {url} ({what}). Check the URL and the server's access rules.",
  'engine.webllm.file.notJson': '{url} is not valid JSON, so it is not {what}. Check the weights URL.',

  'engine.wllama.loadCancelled': 'Loading {model} was cancelled. Downloaded files stay cached; load again to continue.',
  'engine.wllama.quota':
    'There is not enough storage to keep {model}. Free space (delete other downloaded models or site data) or pick a smaller model, then retry.',
  'engine.wllama.notFound': '{model} was not found at its address (HTTP {status}). Check the address, or pick another model.',
  'engine.wllama.refused': 'The server refused to send {model} (HTTP {status}). Try again later, or check the address.',
  'engine.wllama.downloadFailed':
    'Could not download {model}: the request failed. Check that you are online, then press Retry. A custom server must also allow this site (CORS) and send Cross-Origin-Resource-Policy: cross-origin.',
  'engine.wllama.outOfMemory': '{model} does not fit in the memory this browser tab may use. Your chat is saved. Close other tabs, or pick a smaller model.',
  'engine.wllama.badFile':
    'llama.cpp could not load {model}: the file may be damaged, or its model type is not supported. Use "Delete downloaded file" and retry, or pick another model.',
  'engine.wllama.failed': 'The CPU engine failed with {model} ({detail}). Your chat is saved; try again, or reload the page.',
  'engine.wllama.notGguf':
    'The file at {url} is not a GGUF model (it may be a web page or an error message), so it was not kept. Check the address: it must point to the .gguf file itself.',
  'engine.wllama.codeNotLoaded':
    "The CPU engine's code could not be loaded. Reload the page and try again; if you are offline, open EGOS once while online first.",
  'engine.wllama.noMemory64':
    'This browser cannot run the CPU engine: it lacks 64-bit WebAssembly memory. Use a recent Chrome, Edge or Firefox, or connect EGOS to a model server of your own.',

  'engine.wllama.progress.download': 'Downloading {model}: {loaded} of {total} MB',
  'engine.wllama.progress.downloadNoTotal': 'Downloading {model}: {loaded} MB',
  'engine.wllama.progress.downloadFile': 'Downloading {model} (file {part} of {parts}): {loaded} of {total} MB',
  'engine.wllama.progress.downloadFileNoTotal': 'Downloading {model} (file {part} of {parts}): {loaded} MB',
  'engine.wllama.progress.fromCache': "Loading {model} from this browser's cache",
  'engine.wllama.progress.intoMemory': 'Loading {model} into memory',
  'engine.wllama.progress.ready.one': '{model} is ready on the CPU (1 thread)',
  'engine.wllama.progress.ready.other': '{model} is ready on the CPU ({count} threads)',

  'engine.embedder.idEmpty': 'The search model id is empty. Enter a model id such as Xenova/multilingual-e5-small.',
  'engine.embedder.batchSize': 'The embedding batch size must be a whole number of at least 1 (got {size}).',
  'engine.embedder.notSetUp': 'The search model worker was not set up. Reload the page and retry.',
  'engine.embedder.loadCancelled': 'Loading the search model {model} was cancelled. Files already downloaded stay cached; load it again to resume.',
  'engine.embedder.embedCancelled': 'Embedding was cancelled. Nothing was changed; run it again when you are ready.',
  'engine.embedder.notLoaded': 'The search model {model} is not loaded yet. Load it first (Settings, Memory). Keyword search keeps working meanwhile.',
  'engine.embedder.quota':
    'There is not enough storage to keep the search model {model}. Free space (delete cached models you no longer use, or other site data), then retry. Keyword search keeps working meanwhile.',
  'engine.embedder.invalidConfig':
    "The search model settings are not valid ({detail}). Check the model host under Semantic search on a persona's Memory page. Keyword search keeps working meanwhile.",
  'engine.embedder.missingFile': ' (missing: {file})',
  'engine.embedder.notCached':
    'The search model {model} is not on this device{missing} and downloads are turned off. Turn downloads on and load it once while online, or put the model files in that folder. Keyword search keeps working meanwhile.',
  'engine.embedder.notFound':
    "The files of the search model {model} were not found on the model server{missing}. Check the model host under Semantic search on a persona's Memory page. Keyword search keeps working meanwhile.",
  'engine.embedder.unauthorized':
    'The model server refused to send {model} (not public, or access denied). Pick another model or check the server address. Keyword search keeps working meanwhile.',
  'engine.embedder.runtime':
    "The search model's runtime (ONNX Runtime for WebAssembly) could not start: {detail}. Reload the page and retry. Keyword search keeps working meanwhile.",
  'engine.embedder.offline':
    'Could not download the search model {model}: you seem to be offline or the model server is unreachable. Retry when you are online. Keyword search keeps working meanwhile.',
  'engine.embedder.embedFailed':
    'Computing embeddings with {model} failed ({detail}). Retry; if it keeps failing, reload the page. Keyword search keeps working meanwhile.',
  'engine.embedder.loadFailed':
    'Loading the search model {model} failed ({detail}). Reload the page and retry, or pick another model. Keyword search keeps working meanwhile.',
  'engine.embedder.workerFailed': 'The search model worker failed ({detail}). Reload the page and retry. Keyword search keeps working meanwhile.',

  'engine.embedder.progress.loading': 'Loading {file}',
  'engine.embedder.progress.loadingMb': 'Loading {file} ({loaded} of {total} MB)',
  'engine.embedder.progress.loadingKb': 'Loading {file} ({loaded} of {total} kB)',
  'engine.embedder.progress.loaded': 'Loaded {file}',
  'engine.embedder.progress.modelFile': 'model file',
  'engine.embedder.progress.ready': 'Search model {model} is ready',

  'engine.tokenizer.notLoaded': 'The Qwen tokenizer could not be loaded (a part of the app failed to download). Check your connection and reload the page.',
  'engine.tokenizer.notStarted':
    'The Qwen tokenizer could not be started. Reload the page; if it keeps failing, your browser may be out of memory — close other tabs.',
  'models.quantization.code': '{code}',
  'models.quantization.bits': '{code}: {weights}-bit weights, {maths}-bit maths',

  'models.fit.noWebGpu': 'This browser has no WebGPU, which in-browser models need.',
  'models.fit.noShaderF16': 'Your GPU lacks 16-bit float shaders (shader-f16); pick the q4f32 build of this model.',
  'models.fit.bufferTooLarge': 'Your GPU cannot bind buffers as large as this model needs; pick a smaller model.',
  'models.fit.smallBuffers': 'This device limits GPU buffers to a size too small for this model; pick a model marked for low-resource devices.',
  'models.fit.bigMemory': 'Needs a GPU with more than 6 GB of memory.',

  'models.budget.software': 'this is a software GPU, where only the smallest models answer in reasonable time',
  'models.budget.phone': 'this looks like a phone or tablet GPU, which shares little memory',
  'models.budget.half': 'half of the {memory} GB of memory the browser reports',
  'models.budget.assumed': 'the browser does not report its memory, so 4 GB is assumed',

  'models.cpu.unknown': '"{id}" is neither a model of the list nor a GGUF address. Pick a model, or enter the full https:// address of a .gguf file.',
  'models.gguf.empty': 'Enter the address of a .gguf file.',
  'models.gguf.notUrl': 'This is not a full web address. It must start with https:// and point to a .gguf file.',
  'models.gguf.notHttps': 'Use an https:// address. Plain http:// is only accepted for this site itself or a server on this machine (localhost).',
  'models.gguf.credentials': 'Remove the user name and password from the address; EGOS does not send credentials in URLs.',
  'models.gguf.notGguf': 'This address does not end in .gguf ({name}). Load it only if you know it serves a GGUF model file.',

  'models.custom.weightsUrl': 'weights URL',
  'models.custom.libUrl': 'model library URL',
  'models.custom.enter': 'Enter the {field}.',
  'models.custom.badUrl': 'The {field} "{url}" is not a valid URL.',
  'models.custom.needsHttps': 'The {field} must start with https:// (or be a path on this site).',
  'models.custom.mixedContent': 'The {field} uses http:// but this page is served over https://, so the browser would block it. Serve the files over https.',
  'models.custom.noId': 'Enter a model id (a name for this model, e.g. my-qwen3-1.7b-q4f16_1-MLC).',
  'models.custom.badId': 'The model id may use letters, digits, ".", "_" and "-" only (at most 120 characters).',
  'models.custom.notWasm': 'The model library URL must point at the compiled .wasm file (e.g. …/Qwen3-1.7B-q4f16_1-webgpu.wasm).',
  'models.custom.badVram': 'GPU memory must be a positive number of MB.',
  'models.custom.notMlcFile': '{file} is not an MLC model file (expected a JSON object).',
  'models.custom.notChatConfig': 'mlc-chat-config.json does not look like an MLC chat config (no model_type, conv_template or context_window_size).',
  'models.custom.noShards': 'tensor-cache.json lists no weight files.',
  'engine.partNotLoaded':
    'This part of EGOS could not be loaded. If you are offline and have not used it before, reconnect and reload the page, then try again.',
  'engine.label.gpu': '{model}',
  'engine.label.endpoint': '{model} @ {host}',
  'engine.label.cpu': '{model} (CPU)',
  'engine.title': 'Engine',
  'engine.ready': 'Ready: {label}',
  'engine.gpuModels': 'In-browser models (private, on your GPU)',
  'engine.checkingGpu': 'Checking your GPU…',
  'engine.noWebGpu': 'This browser cannot run models on your GPU (no WebGPU).',
  'engine.noAdapter': 'WebGPU exists here but no usable GPU adapter was found: the GPU may be blocklisted or disabled.',
  'engine.noWebGpuApi': 'This browser does not offer WebGPU.',
  'engine.browsers.before':
    'Use a recent Chrome or Edge (113+) on Windows, macOS or ChromeOS, Chrome 121+ on Android, or Safari 26+; on Linux, Chrome may need ',
  'engine.browsers.and': ' and ',
  'engine.browsers.after': '. Firefox has WebGPU only on some platforms.',
  'engine.meanwhile': 'Meanwhile you can connect EGOS to a model server you run yourself (Ollama, llama.cpp, vLLM, LM Studio) below.',
  'engine.gpu': 'GPU: {description}{shaders}.',
  'engine.f16': ', 16-bit shaders',
  'engine.noF16': ', no 16-bit shaders (q4f32 models only)',
  'engine.softwareGpu': 'This is a software GPU: models will run very slowly.',
  'engine.loadPhase.download': 'Downloading',
  'engine.loadPhase.load': 'Loading from cache',
  'engine.loadPhase.compile': 'Preparing GPU shaders',
  'engine.loadPhase.ready': 'Ready',
  'engine.loadStarting': 'Starting',
  'engine.loadProgress': 'Load progress',
  'engine.contacting': 'Contacting the model server…',

  'models.recommended': 'Recommended for this device: {family} {billions}B ({quantization}).',
  'models.recommendedWhy':
    'It is the largest Qwen that comfortably fits: it needs about {needed} of GPU memory, and about {budget} is comfortable here ({reason}). Larger models answer better but load slower and may crash a busy GPU.',
  'models.listLabel': 'Models',
  'models.badgeRecommended': 'Recommended',
  'models.selfHosted': 'Self-hosted',
  'models.downloaded': 'Downloaded',
  'models.parameters': '{billions} billion parameters',
  'models.facts': 'Download ≈ {download} · needs ≈ {memory} GPU memory · {context} tokens of context',
  'models.unknown': 'unknown',
  'models.fits': 'Fits this device.',
  'models.noSpace':
    'Not enough space: this download needs about {needed} but the browser lets EGOS use only {free} more. Delete other downloaded models or free disk space, or pick a smaller model.',
  'models.loaded': 'Loaded',
  'models.load': 'Load',
  'models.downloadAnyway': 'Download anyway',
  'models.downloadAndLoad': 'Download and load',
  'models.deleteQuestion': 'Delete the downloaded files of {id}? You can download it again later.',
  'models.removeQuestion': 'Remove {id} from the list and delete its downloaded files?',
  'models.deleteAndRetry': 'Delete and retry',
  'models.deleteCached': 'Delete cached files',
  'models.loadSmaller': 'Load the smaller {family} {billions}B',
  'models.failureHelp': 'The model was unloaded. Your conversation is kept: load a model and send again, or regenerate the reply.',
  'models.showAll': 'Show all ({count} more builds that cannot run here)',
  'models.showUsable': 'Show only what runs here',
  'models.build': 'Build of {name}',
  'models.buildOption': '{code} · needs ≈ {memory} GPU memory',
  'models.unusableBuild': '{code}: {reason}',
  'models.size': '{billions}B · ≈ {download}',
  'models.note.best': 'Best quality this device runs comfortably.',
  'models.note.fastest': 'Fastest; short, simple replies.',
  'models.note.faster': 'Faster than the recommended one; simpler replies.',
  'models.note.better': 'Good replies; a little slower to load.',
  'models.note.heavy': 'Better replies; may be slow here (needs ≈ {memory}).',
  'models.note.unusable': 'Cannot run on this device.',
  'models.note.custom': 'Your own model.',
  'models.note.unknown': 'Memory need unknown; speed on this device cannot be told.',

  'storage.title': 'Storage on this device',
  'storage.unsupported': 'This browser does not say how much space EGOS may use. Back up your data regularly.',
  'storage.usage': 'EGOS uses {used} of the {quota} this browser allows it; {free} free.',
  'storage.used': 'Storage used',
  'storage.checking': 'Checking how much space EGOS may use…',
  'storage.persisted': 'Your data is kept: the browser promised not to delete it to free space.',
  'storage.notProtected': 'Not protected yet.',
  'storage.evictionRisk':
    'When the device runs short of space, the browser may delete the data of sites it considers unused, without asking: your personas, chats, memories and downloaded models would be gone. Asking to keep the data prevents this.',
  'storage.ask': 'Ask the browser to keep my data',
  'storage.declined':
    'The browser declined. Chrome and Edge agree for sites you use often, bookmark or install as an app; Firefox asks you. Until then, back up.',
  'storage.backup.before': 'Downloaded models can always be downloaded again; your chats cannot. ',
  'storage.backup.link': 'Back up your data',
  'storage.backup.after': ' now and then, and before clearing site data.',
} as const);
