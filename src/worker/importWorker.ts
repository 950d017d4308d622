/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createImportApi } from './importApi';

// ONNX import behind a worker boundary: decoding and re-encoding 100 MB of weights never blocks the canvas.
expose(createImportApi());
