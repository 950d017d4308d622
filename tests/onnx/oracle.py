"""The Python side of the ONNX tests: PyTorch exports fixtures, the onnx package checks files.

One long-lived process per test file (tests/onnx/pythonOracle.ts starts it with /usr/bin/python3):
each line on stdin is a JSON request {"cmd": ..., ...}, each line on stdout the JSON reply
{"ok": true, ...} or {"ok": false, "error": ...}.
"""
import json
import sys
import traceback

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import onnx.shape_inference


def small_cnn(torch):
    """Conv, BatchNorm, ReLU, MaxPool, Flatten, Linear, Dropout: what a LeNet-like model exports."""
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, stride=1, padding=0), nn.ReLU(),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(16 * 6 * 6, 10),
    )


def gelu_silu_cnn(torch):
    """GELU (exact and tanh) and SiLU, which opset 17 writes out as Erf, Tanh and Sigmoid arithmetic:
    after a Conv (folded into it), after a BatchNorm (an Activation layer) and after a Linear."""
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.GELU(),
        nn.Conv2d(8, 8, 3, padding=1), nn.GELU(approximate="tanh"),
        nn.Conv2d(8, 8, 3, stride=2), nn.SiLU(),
        nn.BatchNorm2d(8), nn.SiLU(), nn.BatchNorm2d(8), nn.GELU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 6), nn.GELU(approximate="tanh"), nn.Linear(6, 4),
    )


def build(name):
    import torch
    import torchvision.models as tvm
    torch.manual_seed(0)
    builders = {
        "small_cnn": lambda: (small_cnn(torch), [1, 3, 16, 16]),
        "gelu_silu_cnn": lambda: (gelu_silu_cnn(torch), [1, 3, 16, 16]),
        "resnet18": lambda: (tvm.resnet18(), [1, 3, 224, 224]),
        "resnet50": lambda: (tvm.resnet50(), [1, 3, 224, 224]),
        "mobilenet_v2": lambda: (tvm.mobilenet_v2(), [1, 3, 224, 224]),
        "mobilenet_v3_small": lambda: (tvm.mobilenet_v3_small(), [1, 3, 224, 224]),
        "squeezenet1_1": lambda: (tvm.squeezenet1_1(), [1, 3, 224, 224]),
        "vgg11": lambda: (tvm.vgg11(), [1, 3, 224, 224]),
    }
    model, shape = builders[name]()
    model.eval()
    # BatchNorm statistics that are not 0/1, so folding them wrongly changes the output.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    return torch, model, shape


def cmd_torch_export(req):
    torch, model, shape = build(req["model"])
    x = torch.randn(*shape)
    # PRESERVE keeps BatchNorm as its own node (EVAL folds it into the conv weights), so the file has
    # the parameters PyTorch counts.
    torch.onnx.export(model, x, req["path"], opset_version=req.get("opset", 13), training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["input"], output_names=["output"], do_constant_folding=True)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    return {"trainable": trainable, "nonTrainable": buffers, "inputShape": shape}


def cmd_check(req):
    """onnx.checker (full check, with shape inference) and, unless `details` is false, the shape of
    every value it infers and a sum of every initializer (a second inference pass and a read of every
    weight: for VGG-16's 553 MB, most of the time)."""
    model = onnx.load(req["path"])
    onnx.checker.check_model(model, full_check=True)
    versions = {"irVersion": model.ir_version, "opset": [[o.domain, o.version] for o in model.opset_import]}
    if req.get("details") is False:
        return versions
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        dims = vi.type.tensor_type.shape.dim
        shapes[vi.name] = [d.dim_value if d.HasField("dim_value") else None for d in dims]
    g = model.graph
    return {
        "ops": [n.op_type for n in g.node],
        "nodeNames": [n.name for n in g.node],
        "initializers": {t.name: {"dims": list(t.dims), "sum": float(np.sum(onnx.numpy_helper.to_array(t), dtype=np.float64))}
                         for t in g.initializer},
        "shapes": shapes,
        **versions,
    }


def cmd_equal(req):
    """Whether two files hold the same ModelProto (protobuf message equality, field by field)."""
    a = onnx.load(req["a"])
    b = onnx.load(req["b"])
    return {"equal": a == b}


COMMANDS = {"torch_export": cmd_torch_export, "check": cmd_check, "equal": cmd_equal}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            reply = {"ok": True, **COMMANDS[req["cmd"]](req)}
        except Exception as exc:  # the reply carries the error; the test decides what it means
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
