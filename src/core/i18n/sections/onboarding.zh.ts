import type { onboardingEn } from './onboarding.en.ts';

/** The Chinese texts of the first-run screen (section `onboarding`), typed by the English keys. */
export const onboardingZh: Readonly<Record<keyof typeof onboardingEn, string>> = {
  // First run
  'firstRun.model.title': '模型',
  'firstRun.model.checking': '正在检查这台设备能运行什么…',
  'firstRun.model.gpu': '点“开始”会下载 {name}（{size}），这是这台设备运行得最好的模型。只需下载一次，之后可离线使用。',
  'firstRun.model.cpu': '这个浏览器没有 WebGPU，所以点“开始”会下载 {name}（{size}），由 CPU 引擎运行：速度较慢，但在哪里都能用。只需下载一次，之后可离线使用。',
  'firstRun.start': '开始',
  'firstRun.downloading': '正在下载 {name}',
  'firstRun.progress': '{loaded} / {size} · {percent}%',
  'firstRun.left.estimating': '正在估算剩余时间…',
  'firstRun.left.seconds': '大约还需 {seconds} 秒',
  'firstRun.left.minutes': '大约还需 {minutes} 分钟',
  'firstRun.ready': '模型已就绪：{label}。',
  'firstRun.server': '使用我的服务器',
  'firstRun.serverHide': '收起服务器表单',
  'firstRun.serverHelp': 'Ollama、llama.cpp server、vLLM、LM Studio 或任何兼容 OpenAI 的服务器都可以充当模型。',
  'firstRun.characters.title': '你的角色',
  'firstRun.characters.help': '选一个入门角色、导入一张角色卡，或自己写一个。模型一就绪，聊天就会以角色的开场白打开。',
  'firstRun.characters.starters': '入门角色',
  'firstRun.starter.adding': '正在添加…',
  'firstRun.starter.picked': '已选',
  'firstRun.write': '自己写一个',
  'firstRun.waiting': '你选了 {name}。模型一就绪，聊天就会打开。',
  'firstRun.opening': '正在打开与 {name} 的聊天…',
  'firstRun.openNow': '打开与 {name} 的聊天',
  'firstRun.skip': '跳过：前往角色列表',
  // The user's name on the first-run screen
  'firstRun.userName.label': '角色们该怎么称呼你？（可选）',
  'firstRun.userName.help': '你的名字或昵称。留空的话，聊天打开时 EGOS 会问你；以后可以在“你”页面修改。',
};
