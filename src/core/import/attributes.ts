/** Typed reads of ONNX node attributes (a NodeProto's `attribute` list), with the op's defaults. */
import type { AttributeProto, NodeProto } from '../onnx/codec';

/** A node's attributes by name. */
export type Attributes = ReadonlyMap<string, AttributeProto>;

/** Indexes a node's attribute list by name. */
export function indexAttributes(node: NodeProto): Attributes {
  return new Map(node.attribute.map((a) => [a.name, a]));
}

/** An INT attribute, or the default when absent. */
export function readInt(attrs: Attributes, name: string, fallback: number): number {
  const a = attrs.get(name);
  return a === undefined ? fallback : Number(a.i);
}

/** An INTS attribute, or the default when absent. */
export function readInts(attrs: Attributes, name: string, fallback: readonly number[]): number[] {
  const a = attrs.get(name);
  return a === undefined ? [...fallback] : a.ints.map(Number);
}

/** A FLOAT attribute (as its shortest decimal, see shortestFloat32), or the default when absent. */
export function readFloat(attrs: Attributes, name: string, fallback: number): number {
  const a = attrs.get(name);
  return a === undefined ? fallback : shortestFloat32(a.f);
}

/**
 * The shortest decimal that is the same float32 as `x`. ONNX stores params as float32, so torch's
 * BatchNorm epsilon 1e-5 arrives as 0.000009999999747378752 and showed so in the inspector; as a
 * float32 both are one number, which is all our kernels and the exporters ever use.
 */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const target = Math.fround(x);
  for (let digits = 1; digits < 17; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return x;
}

/** A STRING attribute (UTF-8), or the default when absent. */
export function readString(attrs: Attributes, name: string, fallback: string): string {
  const a = attrs.get(name);
  return a === undefined ? fallback : new TextDecoder().decode(a.s);
}
