/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createExportApi } from './exportApi';

// Exports behind a worker boundary: VGG-16's weights take seconds to reorder and zip, the canvas stays live.
expose(createExportApi());
