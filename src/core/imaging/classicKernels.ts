/** A 3x3 kernel as rows of numbers: kernel[row][col]. */
export type Kernel3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/** One classic image-processing kernel with a line on what it does. */
export interface ClassicKernel {
  readonly id: string;
  readonly label: string;
  readonly note: string;
  readonly kernel: Kernel3;
}

/**
 * The classic 3x3 kernels of the tutorial notebook the playground recreates (it applied them to a
 * photo with tf.nn.conv2d), plus Sobel x, which is not symmetric under a 180° turn and so shows
 * the difference between convolution and cross-correlation.
 */
export const CLASSIC_KERNELS: readonly ClassicKernel[] = [
  { id: 'identity', label: 'Identity', note: 'copies the picture', kernel: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] },
  { id: 'edge-diagonal', label: 'Edge detection 1', note: 'diagonal differences; bright where the picture changes along a diagonal', kernel: [[1, 0, -1], [0, 0, 0], [-1, 0, 1]] },
  { id: 'edge-laplacian', label: 'Edge detection 2', note: 'centre minus its 8 neighbours (a Laplacian): zero on flat areas, strong on edges in every direction', kernel: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]] },
  { id: 'box-blur', label: 'Box blur', note: 'the mean of the 3x3 neighbourhood', kernel: [[1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9]] },
  { id: 'sharpen', label: 'Sharpen', note: 'the picture plus its Laplacian: edges get more contrast', kernel: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
  { id: 'gaussian-blur', label: 'Gaussian blur', note: 'a weighted mean that favours the centre (binomial 1-2-1 in each direction, /16)', kernel: [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]] },
  { id: 'sobel-x', label: 'Sobel x', note: 'horizontal gradient: responds to vertical edges, with a sign that says dark-to-bright or bright-to-dark', kernel: [[1, 0, -1], [2, 0, -2], [1, 0, -1]] },
];

/**
 * The kernel turned by 180° (flipped in both axes). A Conv2D layer, like tf.nn.conv2d, computes
 * a cross-correlation, out(y, x) = sum k(i, j) in(y + i, x + j); the textbook convolution
 * sum k(i, j) in(y - i, x - j) is the cross-correlation with the flipped kernel.
 */
export function flipKernel(kernel: Kernel3): Kernel3 {
  return [
    [kernel[2][2], kernel[2][1], kernel[2][0]],
    [kernel[1][2], kernel[1][1], kernel[1][0]],
    [kernel[0][2], kernel[0][1], kernel[0][0]],
  ];
}

/** True when turning the kernel by 180° leaves it unchanged, so convolution equals cross-correlation. */
export function isFlipSymmetric(kernel: Kernel3): boolean {
  const flipped = flipKernel(kernel);
  return kernel.every((row, r) => row.every((v, c) => v === flipped[r][c]));
}
