/// <reference lib="webworker" />
import { createEmbedderWorkerHost } from './embedder-worker-host.ts';
import type { EmbedderRequest } from './embedder-protocol.ts';
import { ORT_WASM_PATHS } from './ort-wasm-paths.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEmbedderWorkerHost((response, transfer) => scope.postMessage(response, transfer), { wasmPaths: ORT_WASM_PATHS });
scope.onmessage = (event: MessageEvent<EmbedderRequest>) => void handle(event.data);
