/**
 * Arithmetic with one constant value -> Rescaling (x * scale + offset): the `x / 255`, `x * 2 - 1`
 * and `(x - 0.5) / 0.5` that models exported with their preprocessing start with.
 */
import { shortestFloat32 } from '../attributes';
import type { NodeRef } from '../importState';
import { OK, constInput, foldTarget, inputRef, kindAvailable, readConstFloats, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

export type ScalarOp = 'Mul' | 'Add' | 'Sub' | 'Div';

/** The layer input and the one constant value of a binary op, or null when it is not of that form. */
function scalarOperands(ctx: MapContext): { x: NodeRef; value: number; constIndex: 0 | 1 } | { reason: string } | null {
  if (ctx.node.input.length !== 2) return null;
  if (!constInput(ctx, 0) && !constInput(ctx, 1)) return null;
  const constIndex = constInput(ctx, 1) ? 1 : 0;
  const c = readConstFloats(ctx, constIndex, 'constant');
  if (!c.ok) return { reason: c.reason };
  if (c.data.length !== 1) return { reason: `the constant [${c.dims.join(', ')}] has ${c.data.length} values: only one value for every element is a layer (Rescaling)` };
  const x = requireLayerInput(ctx, 1 - constIndex);
  if (!x.ok) return { reason: x.reason };
  return { x: x.ref, value: shortestFloat32(c.data[0]), constIndex };
}

/** Whether the op is a layer output combined with a constant (of any size); the merge mappers leave those here. */
export function hasConstOperand(ctx: MapContext): boolean {
  return constInput(ctx, 0) !== undefined || constInput(ctx, 1) !== undefined;
}

/**
 * Maps `x op c` (and `c op x` where that is still x * scale + offset) to a Rescaling. An offset
 * after a Rescaling without one joins it (x * s + 0 + c is x * s + c, exactly).
 */
export function mapScalarArithmetic(ctx: MapContext, op: ScalarOp): MapResult {
  if (!kindAvailable('Rescaling')) return refuse('Rescaling is not a layer kind yet');
  const operands = scalarOperands(ctx);
  if (operands === null) return refuse(`${op} of two computed values is not a layer`);
  if ('reason' in operands) return refuse(operands.reason);
  const { x, value, constIndex } = operands;
  let scale = 1;
  let offset = 0;
  switch (op) {
    case 'Mul': scale = value; break;
    case 'Add': offset = value; break;
    case 'Sub': if (constIndex === 1) offset = -value; else { scale = -1; offset = value; } break;
    case 'Div':
      if (constIndex === 0) return refuse('dividing a constant by a computed value is not a layer');
      if (value === 0) return refuse('it divides by the constant 0');
      scale = 1 / value;
      break;
  }
  const previous = scale === 1 ? foldTarget(ctx, inputRef(ctx, 1 - constIndex), ['Rescaling']) : null;
  if (previous && previous.params.offset === 0) {
    previous.params.offset = offset;
    previous.output = ctx.node.output[0];
    ctx.state.fold(ctx.node, `${op} of a constant joined the Rescaling before it as its offset`);
    setOutput(ctx, x);
    return OK;
  }
  setOutput(ctx, ctx.state.addNode('Rescaling', { scale, offset }, [x], ctx.node, x.layout));
  return OK;
}
