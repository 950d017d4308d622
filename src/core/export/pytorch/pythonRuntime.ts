/** Helper classes model.py defines when a layer uses them. */
export const HELPER_CLASSES: Record<string, string> = {
  SeparableConv2d: `class SeparableConv2d(nn.Module):
    """Keras' SeparableConv2D: a depthwise convolution (no bias), then a 1x1 convolution."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, depth_multiplier=1, bias=True):
        super().__init__()
        mid = in_channels * depth_multiplier
        self.depthwise = nn.Conv2d(in_channels, mid, kernel_size, stride, padding, dilation, groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(mid, out_channels, 1, bias=bias)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))`,
};

/** The part of model.py after the class: a safetensors reader for torch alone, and load_model. */
export const LOADER_FUNCTIONS = `def read_safetensors(path):
    """The tensors of a .safetensors file (F32 and I64), for when the safetensors package is absent."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path}: not a safetensors file ({len(data)} bytes)')
    (size,) = struct.unpack('<Q', data[:8])
    if 8 + size > len(data):
        raise ValueError(f'{path}: header of {size} bytes runs past the end of the file ({len(data)} bytes)')
    header = json.loads(data[8:8 + size].decode('utf-8'))
    body = data[8 + size:]
    dtypes = {'F32': torch.float32, 'I64': torch.int64}
    tensors = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] not in dtypes:
            raise ValueError(f'{path}: tensor {name} has dtype {info["dtype"]}; this reader takes F32 and I64')
        begin, end = info['data_offsets']
        if not 0 <= begin <= end <= len(body):
            raise ValueError(f'{path}: tensor {name} data [{begin}, {end}) is outside the {len(body)} data bytes')
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtypes[info['dtype']]) if end > begin else torch.empty(0, dtype=dtypes[info['dtype']])
        tensors[name] = flat.reshape(info['shape'])
    return tensors


def load_model(directory=None):
    """Model() in eval mode with the weights of weights.safetensors in \`directory\` (default: beside this file)."""
    model = Model()
    if WEIGHTS_FILE is None:
        warnings.warn('exported with --no-weights: the model has PyTorch\\'s default initial weights')
        return model.eval()
    path = os.path.join(directory or os.path.dirname(os.path.abspath(__file__)), WEIGHTS_FILE)
    try:
        from safetensors.torch import load_file
    except ImportError:
        load_file = read_safetensors
    model.load_state_dict(load_file(path))
    return model.eval()
`;
