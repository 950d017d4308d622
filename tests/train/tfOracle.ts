import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { useCpuOracle } from '../runtime/kernels/helpers';

const require = createRequire(import.meta.url);
let registered = false;

/**
 * tfjs-core on the CPU backend with its gradient functions registered: the package's CommonJS
 * entry (what Node loads) leaves them out, so each per-kernel gradient module is imported
 * (Prod_grad imports the package index, which cannot load under Node, and is not needed).
 */
export async function useGradientOracle(): Promise<typeof TF> {
  const tf = await useCpuOracle();
  if (registered) return tf;
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/gradients');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js') && f !== 'Prod_grad.js')) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (value && typeof value === 'object' && 'kernelName' in value && 'gradFunc' in value) tf.registerGradient(value as TF.GradConfig);
    }
  }
  registered = true;
  return tf;
}
