/** What the user's GPU (through WebGPU) offers, as far as the app needs to know. */
export interface DeviceCaps {
  /** A WebGPU adapter was obtained. */
  webgpu: boolean;
  /** Why not, when `webgpu` is false: the API is missing, or no adapter was returned. */
  unavailableReason?: 'no-api' | 'no-adapter' | 'error';
  shaderF16: boolean;
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  /** A software adapter (e.g. SwiftShader): works, but very slowly. */
  isFallbackAdapter: boolean;
  /** Vendor / architecture text, for display. */
  description: string;
  /** Device RAM in GB as the browser reports it (Chrome: 0.25–8, rounded); unknown elsewhere. */
  memoryGB?: number;
}
