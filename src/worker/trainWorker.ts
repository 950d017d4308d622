/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createTrainApi } from './trainApi';

// Training has its own worker: the Run panel's runtime stays free, and the canvas never waits on either.
expose(createTrainApi(async (name) => {
  const url = `${import.meta.env.BASE_URL}data/${name}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} (the build step scripts/buildMnist.ts generates it)`);
  return new Uint8Array(await res.arrayBuffer());
}));
