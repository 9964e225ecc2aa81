import type { DeviceCaps } from '../../core/models/device-caps.ts';

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

const NONE: Omit<DeviceCaps, 'unavailableReason'> = {
  webgpu: false,
  shaderF16: false,
  maxStorageBufferBindingSize: 0,
  maxBufferSize: 0,
  isFallbackAdapter: false,
  description: '',
};

/** Asks the browser for a WebGPU adapter and reports what it offers; never throws. */
export async function probeWebGpu(gpu: GpuLike | undefined = (navigator as { gpu?: GpuLike }).gpu): Promise<DeviceCaps> {
  if (!gpu) return { ...NONE, unavailableReason: 'no-api' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    console.warn('WebGPU requestAdapter failed', error);
    return { ...NONE, unavailableReason: 'error' };
  }
  if (!adapter) return { ...NONE, unavailableReason: 'no-adapter' };
  const info = adapter.info ?? {};
  return {
    webgpu: true,
    shaderF16: adapter.features.has('shader-f16'),
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    description: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown GPU',
  };
}
