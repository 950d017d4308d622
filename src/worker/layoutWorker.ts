/// <reference lib="webworker" />
import { expose } from 'comlink';
import { computeLayout, preloadElk } from '../ui/layout/autoLayout';
import type { LayoutApi } from './layoutApi';

// ELK's layered layout off the page's thread. ELK (1.4 MB) starts loading with the worker, so a
// caller that starts it early (the ONNX import, beside its own worker) finds it compiled.
const api: LayoutApi = {
  async layout(doc) {
    return Object.fromEntries(await computeLayout(doc));
  },
};
expose(api);
preloadElk();
