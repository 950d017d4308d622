/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createRuntimeApi } from './runtimeApi';

// The runtime behind the worker boundary: a long run blocks this thread, never the canvas.
expose(createRuntimeApi());
