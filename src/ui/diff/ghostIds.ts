/** Canvas ids of what only the compared version has; never a document id, so edits cannot reach them. */

/** The canvas id of a removed layer's ghost card. */
export function ghostId(nodeId: string): string {
  return `ghost:${nodeId}`;
}

/** The canvas id of a removed wire. */
export function ghostEdgeId(edgeId: string): string {
  return `ghost-edge:${edgeId}`;
}

/** Whether a canvas node or edge id is a ghost's. */
export function isGhostId(id: string): boolean {
  return id.startsWith('ghost:') || id.startsWith('ghost-edge:');
}
