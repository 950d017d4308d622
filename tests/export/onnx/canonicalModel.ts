import { createHash } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { AttributeProtoSchema, ModelProtoSchema, NodeProtoSchema, TensorProtoSchema, ValueInfoProtoSchema, type ModelProto, type NodeProto } from '../../../src/core/onnx/codec';

const sha = (...parts: Array<string | Uint8Array>) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/**
 * The model with names, and the order of ops that do not depend on each other, aside: every value
 * is named by a hash of what computes it (op, attributes, the hashes of its inputs; an initializer
 * by its dims and bytes, a graph input by its position), ops are listed in a topological order
 * that breaks ties by that hash, and names become positions. Two models compute the same thing
 * in the same way exactly when these bytes are equal.
 */
export function canonicalBytes(model: ModelProto): Uint8Array {
  const graph = model.graph!;
  const hashOf = new Map<string, string>();
  graph.input.forEach((v, i) => hashOf.set(v.name, `input${i}`));
  const initializers = new Map(graph.initializer.map((t) => [t.name, t]));
  for (const t of graph.initializer) hashOf.set(t.name, sha('w', t.dims.join(','), String(t.dataType), t.rawData, JSON.stringify(t.int64Data.map(String)), JSON.stringify(t.floatData)));
  const nodeHash = new Map<NodeProto, string>();
  // Nodes are topologically ordered in a valid ONNX file, so every input's hash is known here.
  for (const n of graph.node) {
    const attrs = n.attribute.map((a) => Buffer.from(toBinary(AttributeProtoSchema, a)).toString('hex')).join('|');
    const h = sha(n.opType, n.domain, attrs, n.input.map((i) => hashOf.get(i) ?? `missing:${i}`).join('|'));
    nodeHash.set(n, h);
    n.output.forEach((o, k) => hashOf.set(o, `${h}:${k}`));
  }
  // Kahn's order, the smallest hash first among the ready ops.
  const pending = [...graph.node];
  const ready = new Set<string>([...graph.input.map((v) => v.name), ...initializers.keys()]);
  const ordered: NodeProto[] = [];
  while (pending.length > 0) {
    const candidates = pending.filter((n) => n.input.every((i) => i === '' || ready.has(i)));
    const next = candidates.reduce((a, b) => (nodeHash.get(b)! < nodeHash.get(a)! ? b : a));
    pending.splice(pending.indexOf(next), 1);
    next.output.forEach((o) => ready.add(o));
    ordered.push(next);
  }
  const names = new Map<string, string>();
  graph.input.forEach((v, i) => names.set(v.name, `input${i}`));
  const used: string[] = [];
  for (const n of ordered) {
    for (const i of n.input) if (initializers.has(i) && !names.has(i)) { names.set(i, `w${used.length}`); used.push(i); }
    for (const o of n.output) names.set(o, `v${names.size}`);
  }
  const rename = (n: string) => names.get(n) ?? `unknown:${n}`;
  const outputs = [...graph.output].sort((a, b) => (hashOf.get(a.name)! < hashOf.get(b.name)! ? -1 : 1));
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: model.producerName,
    graph: {
      node: ordered.map((n) => create(NodeProtoSchema, { opType: n.opType, domain: n.domain, attribute: n.attribute, input: n.input.map(rename), output: n.output.map(rename) })),
      // raw_data stays a view: large weights are not copied to compare them.
      initializer: used.map((n) => create(TensorProtoSchema, { ...initializers.get(n)!, name: rename(n) })),
      input: graph.input.map((v) => create(ValueInfoProtoSchema, { ...v, name: rename(v.name) })),
      output: outputs.map((v) => create(ValueInfoProtoSchema, { ...v, name: rename(v.name) })),
    },
  }));
}
