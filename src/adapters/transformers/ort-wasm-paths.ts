/**
 * ONNX Runtime Web's WebAssembly build, served by the app itself (Vite emits both files as
 * assets), so the embedder never fetches code from a CDN and works offline. transformers.js v4
 * uses `onnxruntime-web/webgpu`, whose runtime is the asyncify build: exactly these two files.
 * Browser only (the `?url` imports need Vite); Node uses onnxruntime-node instead.
 */
import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

/** URLs for `env.backends.onnx.wasm.wasmPaths`. */
export const ORT_WASM_PATHS: { mjs: string; wasm: string } = { mjs, wasm };
