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

/** A FLOAT attribute, or the default when absent. */
export function readFloat(attrs: Attributes, name: string, fallback: number): number {
  const a = attrs.get(name);
  return a === undefined ? fallback : a.f;
}

/** A STRING attribute (UTF-8), or the default when absent. */
export function readString(attrs: Attributes, name: string, fallback: string): string {
  const a = attrs.get(name);
  return a === undefined ? fallback : new TextDecoder().decode(a.s);
}
