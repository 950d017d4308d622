import { lazy, Suspense, type ComponentProps } from 'react';

// The playground runs kernels on the main thread, so it brings the runtime: load it when opened.
const KernelPlayground = lazy(() => import('./KernelPlayground').then((m) => ({ default: m.KernelPlayground })));

/** The kernel playground, fetched when first opened. */
export function LazyKernelPlayground(props: ComponentProps<typeof KernelPlayground>) {
  return (
    <Suspense fallback={<p className="muted" data-testid="playground-loading">Loading the kernel playground…</p>}>
      <KernelPlayground {...props} />
    </Suspense>
  );
}
