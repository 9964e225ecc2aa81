import type { enginesEn } from './engines.en.ts';

/** The Chinese texts of the engine page: your own server, custom and CPU models (section `engines`), typed by the English keys. */
export const enginesZh: Readonly<Record<keyof typeof enginesEn, string>> = {
  // Models (GPU and CPU)
  'custom.title': '添加自托管模型',
  'custom.help.before': '适用于你自己托管的权重（本网站、内网，或你用 MLC LLM 编译的 Qwen 微调模型）。与 WebLLM 一样，EGOS 会从 ',
  'custom.help.middle': ' 读取文件（mlc-chat-config.json、tensor-cache.json、分片以及分词器文件），除非网址中已包含 ',
  'custom.help.after': '。位于其他网站的服务器必须允许本页面访问（CORS）。从新的网站添加模型时，页面会重新加载一次，以便安全策略放行。',
  'custom.weightsUrlCode': '<权重网址>',
  'custom.id': '模型 ID',
  'custom.weightsUrl': '权重网址',
  'custom.libUrl': '模型库网址（.wasm）',
  'custom.vram': '所需显存，MB（可选）',
  'custom.checking': '正在检查文件…',
  'custom.add': '检查文件并添加',
  'cpu.title': '在你的处理器上运行（CPU，无需 GPU）',
  'cpu.recommended': '推荐这个浏览器使用',
  'cpu.help':
    'llama.cpp 编译为 WebAssembly 后，可以在你的处理器上运行小型 Qwen 模型：和 GPU 模型一样私密，速度较慢，适合简短的回复。模型只需下载一次，保存在这个浏览器中，之后可离线使用。',
  'cpu.listLabel': 'CPU 模型',
  'cpu.weights': '4 位权重',
  'cpu.facts': '下载约 {download} · 需要约 {memory} 内存 · {context} token 上下文',
  'cpu.yourGguf': '你的 GGUF',
  'cpu.deleteQuestion': '删除 {name} 已下载的文件？之后可以重新下载。',
  'cpu.deleteFile': '删除已下载的文件',
  'cpu.another': '其他 GGUF 模型',
  'cpu.address': 'GGUF 网址',
  'cpu.addressHelp':
    '.gguf 文件的完整 https:// 网址（只有本机地址可以用普通 http）。它所在的服务器必须允许本网站访问（CORS）。使用 ChatML 格式的对话模型（例如 Qwen）效果最好。',
  'cpu.loadAnyway': '仍然加载',
  'cpu.loadFromAddress': '从网址加载',
  // Your own server
  'endpoint.title': '你自己的模型服务器',
  'endpoint.help': '任何兼容 OpenAI 接口的服务器：Ollama、llama.cpp server、vLLM、LM Studio。',
  'endpoint.baseUrl': '基础网址（Base URL）',
  'endpoint.local': '在本机运行：你的文本不会离开这台设备。',
  'endpoint.remote': '这个服务器不在本机：你的消息会离开这台设备，发送到该服务器。',
  'endpoint.model': '模型名称',
  'endpoint.context': '上下文窗口（token）',
  'endpoint.contextHelp.before': '服务器上的模型一次能读取多少内容。除非你调高 ',
  'endpoint.contextHelp.after': '，否则 Ollama 只使用 2048–4096。',
  'endpoint.apiKey': 'API 密钥（可选，只保存在本机）',
  'endpoint.rawCompletion': '服务器接受原始提示词（/v1/completions）：llama.cpp server、vLLM、Ollama',
  'endpoint.rawCompletionHelp':
    '开启后，EGOS 自己写出完整的提示词，并让它停在角色台词的前引号之后：这是最强的引号模式。只提供对话接口（/v1/chat/completions）的服务器请不要开启。',
  'endpoint.wait': '等待服务器（秒）',
  'endpoint.waitHelp': '等待回复的第一个字以及各部分之间的最长时间。如果服务器在第一次请求时才加载模型，请调高它。',
  'endpoint.retrying': '{seconds} 秒后重试（第 {attempt} 次），直到服务器响应或你选择其他模型。',
  'endpoint.connecting': '正在连接…',
  'endpoint.connect': '连接',
  'endpoint.connected': '已连接到 {label}。',
  // Chat files: export, import, training data
  'custom.fineTuned':
    '用你的对话微调了一个 Qwen（数据 → 训练数据）？用 MLC LLM 编译后在这里添加；若用于 CPU 引擎，请转换为 GGUF，并在“其他 GGUF 模型”中填写它的地址。README 说明了这两种做法。',
};
