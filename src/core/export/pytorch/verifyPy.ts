/** Relative difference verify.py accepts: max |ours - PyTorch| / max |ours|. */
export const VERIFY_TOLERANCE = 1e-4;

/**
 * verify.py: runs model.py on reference.npz's input and prints the largest difference from the
 * app's output for it, per output; exit 1 above the tolerance. `x_NAME` / `y_NAME` are the arrays.
 */
export function writeVerifyPy(inputNames: readonly string[], outputNames: readonly string[]): string {
  return `"""Checks this export: runs model.py on reference.npz's input and compares with the app's output.

    python verify.py
"""
import os
import sys

import numpy as np
import torch

from model import load_model

INPUTS = ${pythonList(inputNames)}
OUTPUTS = ${pythonList(outputNames)}
TOLERANCE = ${VERIFY_TOLERANCE}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    reference_file = os.path.join(here, 'reference.npz')
    if not os.path.exists(reference_file):
        print('no reference.npz: this bundle was exported with --no-weights, so there is nothing to compare')
        return 1
    reference = np.load(reference_file)
    model = load_model(here)
    with torch.no_grad():
        outputs = model(*[torch.from_numpy(reference['x_' + name]) for name in INPUTS])
    if not isinstance(outputs, tuple):
        outputs = (outputs,)
    worst = 0.0
    for name, output in zip(OUTPUTS, outputs):
        expected = reference['y_' + name]
        got = output.numpy()
        if got.shape != expected.shape:
            print(f'{name}: shape {list(got.shape)}, the app gave {list(expected.shape)}')
            return 1
        difference = float(np.abs(got - expected).max())
        relative = difference / max(float(np.abs(expected).max()), 1e-12)
        worst = max(worst, relative)
        print(f'{name}: max difference {difference:.3g} ({relative:.3g} of the largest value) over {got.size} values')
    print('OK' if worst <= TOLERANCE else f'FAILED: above {TOLERANCE}')
    return 0 if worst <= TOLERANCE else 1


if __name__ == '__main__':
    sys.exit(main())
`;
}

/** A Python list of strings (the names are identifiers: no quoting to worry about). */
export function pythonList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}
