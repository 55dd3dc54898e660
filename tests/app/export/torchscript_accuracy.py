"""Scores an exported TorchScript model the way a user would: torch.jit.load, raw Fashion-MNIST
test images divided by 255, no normalisation by hand. Prints one JSON object: the accuracy and
what the archive records about its input (module attributes and architecture.json metadata).

usage: python3 torchscript_accuracy.py MODEL.torchscript.pt DATA_DIR
Exit status 3 when torch or numpy cannot be imported, so the caller can tell a missing package
from a failure.
"""

import gzip
import json
import os
import sys

try:
    import numpy as np
    import torch
except ImportError as error:
    print(f"missing Python package: {error}", file=sys.stderr)
    sys.exit(3)


def read_idx(path, magic):
    """An IDX file (gzip) as a uint8 array: [N, 28, 28] images or [N] labels."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise SystemExit(f"{path}: magic {found:#x}, expected {magic:#x}")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    model_path, data_dir = sys.argv[1], sys.argv[2]
    images = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"), 0x803)
    labels = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"), 0x801)

    extra = {"architecture.json": ""}
    model = torch.jit.load(model_path, _extra_files=extra)
    model.eval()
    torch.set_num_threads(2)

    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # [N, 1, 28, 28] in [0, 1]
    y = torch.from_numpy(labels.astype(np.int64))
    correct = 0
    with torch.no_grad():
        for start in range(0, len(y), 500):
            logits = model(x[start:start + 500])
            correct += int((logits.argmax(1) == y[start:start + 500]).sum())

    architecture = json.loads(extra["architecture.json"])
    print(json.dumps({
        "accuracy": correct / len(y),
        "samples": len(y),
        "input_mean": list(model.input_mean),
        "input_std": list(model.input_std),
        "input_shape": list(model.input_shape),
        "class_names": list(model.class_names),
        "metadata": architecture.get("metadata", {}),
    }))


if __name__ == "__main__":
    main()
