/**
 * Strongly connected components (Tarjan), iterative so a long chain cannot overflow the stack.
 * `successors(v)` lists v's out-neighbours; only ids in `ids` are visited. Returns the components
 * in no particular order, each in discovery order.
 */
export function findStronglyConnected(ids: readonly string[], successors: (id: string) => readonly string[]): string[][] {
  const inSet = new Set(ids);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const frames: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next);
    next++;
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const succ = successors(frame.v);
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!inSet.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next);
          next++;
          stack.push(w);
          onStack.add(w);
          frames.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
