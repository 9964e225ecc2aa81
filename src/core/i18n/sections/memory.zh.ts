import type { memoryEn } from './memory.en.ts';

/** The Chinese texts of the memory screens: semantic search (section `memory`), typed by the English keys. */
export const memoryZh: Readonly<Record<keyof typeof memoryEn, string>> = {
  // Memory screens
  'semantic.title': '语义搜索',
  'semantic.help':
    '按意思查找记忆，而不只是匹配字词（例如搜“蜜蜂”也能找到“蜂巢”）。需要下载一次搜索模型（{size}），之后可离线使用。在此期间以及不开启它时，关键词搜索都照常可用。',
  'semantic.advanced': '高级：模型来源',
  'semantic.host': '模型来源（自托管的模型文件镜像）',
  'semantic.turnOn': '开启语义搜索（需下载 {size}）',
  'semantic.reloadNeeded': '需要重新加载页面，才能允许连接到 {host}。',
  'semantic.reloadNow': '立即重新加载',
  'semantic.downloading': '正在下载搜索模型：{percent}%',
  'semantic.keywordMeanwhile': '在此期间关键词搜索照常可用。',
  'semantic.on': '语义搜索已开启。',
  'semantic.turnOff': '关闭语义搜索',
  'semantic.tryAgain': '重试',
  'semantic.embedding': '正在为记忆生成向量：{done} / {total}…',
  // State texts: memory edits and semantic search
  'semantic.starting': '正在开始下载…',
  'semantic.error.failed': '语义搜索失败（{why}）。关键词搜索照常可用。',
  'semantic.error.notSaved': '语义搜索设置无法保存（{why}）。',
  'semantic.error.offline': '你目前离线，而搜索模型还没有下载。请连接网络后再试。',
  'semantic.error.loadFailed': '搜索模型无法加载：{why}在此期间关键词搜索照常可用。',
  'semantic.error.embedding': '部分记忆未能准备好用于语义搜索（{why}）。关键词搜索照常可用。',
};
