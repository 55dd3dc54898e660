#!/usr/bin/env python3
"""Writes the malformed-input corpus under inputs/ (run from anywhere; the output is committed).

Every file here is wrong in one stated way; cases.json says which command reads it, the exit code
and the words the error must contain. Inputs that cannot live in git are made by the test itself
(see "prepare" in cases.json): a database of the current schema, read-only modes, a huge file,
a live writer's lock.
"""

import copy
import gzip
import json
import os
import shutil
import sqlite3
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "inputs")


def path(*parts):
    full = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def write_text(name, text):
    write_bytes(name, text.encode("utf-8"))


def write_json(name, value):
    write_text(name, json.dumps(value, indent=2) + "\n")


def folder_in_place_of_a_file(name):
    # git keeps no empty folders: the marker makes this one exist in a checkout.
    write_text(os.path.join(name, "README"), "a folder where a file is expected\n")


# --- architectures: a small valid network for Fashion-MNIST, then one fault each -------------

ARCH = {
    "format": "edgenas-architecture",
    "version": 1,
    "input": {"channels": 1, "height": 28, "width": 28},
    "classes": 10,
    "nodes": [
        {"id": 0, "op": "input"},
        {"id": 1, "op": "conv", "inputs": [0], "out_channels": 8, "kernel": 3, "stride": 1, "padding": 1},
        {"id": 2, "op": "batch_norm", "inputs": [1]},
        {"id": 3, "op": "activation", "inputs": [2], "activation": "relu"},
        {"id": 4, "op": "conv", "inputs": [3], "out_channels": 8, "kernel": 3, "stride": 1, "padding": 1},
        {"id": 5, "op": "identity", "inputs": [3, 4], "merge": "sum"},
        {"id": 6, "op": "global_avg_pool", "inputs": [5]},
        {"id": 7, "op": "linear", "inputs": [6], "out_channels": 10, "bias": True},
    ],
}


def arch_with(name, change):
    a = copy.deepcopy(ARCH)
    change(a)
    write_json(os.path.join("arch", name), a)


def node(a, i):
    return a["nodes"][i]


def architectures():
    write_json("arch/valid.json", ARCH)
    cifar = copy.deepcopy(ARCH)
    cifar["input"] = {"channels": 3, "height": 32, "width": 32}
    write_json("arch/valid-cifar10.json", cifar)
    cifar100 = copy.deepcopy(cifar)
    cifar100["classes"] = 100
    node(cifar100, 7)["out_channels"] = 100
    write_json("arch/valid-cifar100.json", cifar100)

    arch_with("cycle.json", lambda a: node(a, 1).update(inputs=[5]))
    arch_with("self-loop.json", lambda a: node(a, 4).update(inputs=[4]))
    arch_with("dangling-input.json", lambda a: node(a, 5).update(inputs=[3, 42]))
    arch_with("negative-input.json", lambda a: node(a, 2).update(inputs=[-1]))
    arch_with("shape-mismatch-sum.json", lambda a: node(a, 4).update(stride=2))
    arch_with("zero-classes.json", lambda a: a.update(classes=0))
    arch_with("negative-channels.json", lambda a: node(a, 1).update(out_channels=-8))
    arch_with("kernel-too-big.json", lambda a: node(a, 1).update(kernel=99, padding=0))
    arch_with("groups-not-dividing.json", lambda a: node(a, 4).update(groups=3))
    arch_with("absurd-input.json", lambda a: a.update(input={"channels": 1, "height": 1 << 30, "width": 1 << 30}))
    arch_with("absurd-input-cube.json",
              lambda a: a.update(input={"channels": 1 << 30, "height": 1 << 30, "width": 1 << 30}))
    arch_with("absurd-kernel.json", lambda a: node(a, 1).update(kernel=1 << 30, dilation=1 << 30, padding=0))
    arch_with("absurd-linear.json", lambda a: (node(a, 7).update(out_channels=1 << 30),
                                              a.update(classes=1 << 30)))

    def absurd_concat(a):
        node(a, 4)["out_channels"] = 1 << 30
        node(a, 5)["merge"] = "concat"
    arch_with("absurd-concat.json", absurd_concat)
    arch_with("too-large-integer.json", lambda a: node(a, 1).update(out_channels=1 << 40))
    arch_with("unknown-key.json", lambda a: node(a, 3).update(colour="red"))
    arch_with("unknown-op.json", lambda a: node(a, 1).update(op="conv9d"))
    arch_with("string-channels.json", lambda a: node(a, 1).update(out_channels="8"))
    arch_with("fractional-kernel.json", lambda a: node(a, 1).update(kernel=2.5))
    arch_with("duplicate-id.json", lambda a: node(a, 2).update(id=1))
    arch_with("no-nodes.json", lambda a: a.update(nodes=[]))
    arch_with("newer-version.json", lambda a: a.update(version=7))
    arch_with("foreign-format.json", lambda a: a.update(format="onnx"))
    arch_with("input-not-first.json", lambda a: a["nodes"].reverse())
    text = json.dumps(ARCH, indent=2)
    write_text("arch/classes-overflow.json", text.replace('"classes": 10', '"classes": 1e400'))
    write_text("arch/truncated.json", text[: len(text) // 2])
    write_text("arch/trailing-garbage.json", text + "\n}}} and more\n")
    write_bytes("arch/utf16.json", (text + "\n").encode("utf-16"))  # with a byte-order mark
    write_bytes("arch/empty.json", b"")
    folder_in_place_of_a_file("arch/folder.json")


# --- run configs --------------------------------------------------------------------------

def configs():
    c = "config/"
    write_text(c + "seed-overflow.json", '{"seed": 1e400}\n')
    write_text(c + "lr-overflow.json", '{"training": {"epochs": 1, "lr": 1e400}}\n')
    write_json(c + "seed-string.json", {"seed": "seven"})
    write_json(c + "seed-negative.json", {"seed": -1})
    write_text(c + "seed-too-large.json", '{"seed": 18446744073709551616}\n')
    write_json(c + "budget-zero.json", {"budget": {"evaluations": 0}})
    write_json(c + "population-one.json", {"budget": {"population": 1}})
    write_json(c + "channels-too-many.json", {"space": {"name": "nb201", "channels": 100000}})
    write_json(c + "width-nan-string.json", {"space": {"width": "NaN"}})
    write_json(c + "unknown-top-key.json", {"seed": 1, "colour": "blue"})
    write_json(c + "unknown-nested-key.json", {"budget": {"evaluations": 8, "generations": 4}})
    write_json(c + "unknown-objective.json", {"objectives": ["accuracy", "beauty"]})
    write_json(c + "objectives-empty.json", {"objectives": []})
    write_json(c + "bound-negative.json", {"constraints": {"latency": -5}})
    write_json(c + "bound-on-accuracy.json", {"constraints": {"accuracy": 0.9}})
    write_json(c + "unknown-method.json", {"method": "darts"})
    write_json(c + "unknown-space.json", {"space": {"name": "resnet-space"}})
    write_json(c + "unknown-dataset.json", {"dataset": {"name": "imagenet"}})
    write_json(c + "unknown-device.json", {"objectives": ["params", "latency"], "device": {"name": "toaster"}})
    write_json(c + "unknown-dvfs.json",
               {"objectives": ["params", "latency"], "device": {"name": "raspberry-pi-4", "dvfs": "turbo"}})
    write_json(c + "table-missing.json",
               {"objectives": ["params", "latency"], "device": {"name": "host", "table": "no-such-table.csv"}})
    write_json(c + "data-dir-damaged.json",
               {"objectives": ["accuracy", "params"],
                "dataset": {"name": "fashion-mnist", "directory": "fashion-mnist/image-magic"}})
    write_json(c + "top-level-array.json", [{"seed": 1}])
    write_json(c + "duplicate-key.json", None)  # replaced below: json.dumps cannot repeat a key
    write_text(c + "duplicate-key.json", '{"seed": 1, "budget": {"evaluations": 4}, "seed": 2}\n')
    write_bytes(c + "empty.json", b"")
    write_text(c + "whitespace-only.json", "  \n\t\n")
    write_text(c + "trailing-garbage.json", '{"seed": 1}\n{"seed": 2}\n')
    write_text(c + "trailing-comma.json", '{"seed": 1,}\n')
    write_text(c + "comment.json", '{"seed": 1 // the usual one\n}\n')
    write_text(c + "nan-literal.json", '{"training": {"lr": NaN}}\n')
    write_bytes(c + "utf16.json", '{"seed": 1}\n'.encode("utf-16"))
    write_bytes(c + "utf16-no-bom.json", '{"seed": 1}\n'.encode("utf-16-le"))
    write_bytes(c + "invalid-utf8.json", b'{"method": "nsga\xff\xfe2"}\n')
    write_bytes(c + "latin1.json", b'{"dataset": {"name": "fashion-mnist", "directory": "donn\xe9es"}}\n')
    write_bytes(c + "binary.json", bytes(range(256)) * 4)
    folder_in_place_of_a_file("config/folder.json")


# --- method settings blocks ---------------------------------------------------------------

def settings():
    s = "settings/"
    write_json(s + "nsga2-crossover-range.json", {"method": "nsga2", "settings": {"crossover": 1.5}})
    write_json(s + "nsga2-unknown-key.json", {"method": "nsga2", "settings": {"mutation": 0.1}})
    write_json(s + "nsga2-retries-string.json", {"method": "nsga2", "settings": {"duplicate_retries": "3"}})
    write_text(s + "nsga2-rate-overflow.json", '{"method": "nsga2", "settings": {"mutation_rate": -1e400}}\n')
    write_json(s + "nsga2-settings-array.json", {"method": "nsga2", "settings": [0.9, 0.1]})
    write_json(s + "evrsnas-survival-word.json",
               {"method": "evrsnas", "objectives": ["latency"], "settings": {"survival": "random"}})
    write_json(s + "evrsnas-population-negative.json",
               {"method": "evrsnas", "objectives": ["latency"], "settings": {"population": -1}})
    write_json(s + "evrsnas-batch-one.json",
               {"method": "evrsnas", "objectives": ["latency"], "settings": {"batch": 1}})
    write_json(s + "evrsnas-reference-half.json",
               {"method": "evrsnas", "objectives": ["latency"],
                "settings": {"reference_architecture": "ref.json"}})
    write_json(s + "evrsnas-unknown-key.json",
               {"method": "evrsnas", "objectives": ["latency"], "settings": {"temperature": 0.5}})


# --- latency tables -----------------------------------------------------------------------

TABLE_HEAD = ["# edgenas-latency-table 1", "# device=host", "# threads=1", "# batch=1"]
TABLE_ROWS = ["signature,latency_ms", "linear|in=8x1x1|out=10x1x1|bias=1,0.001"]


def table(name, lines):
    write_text("table/" + name, "\n".join(lines) + "\n")


def tables():
    table("no-magic.csv", TABLE_HEAD[1:] + TABLE_ROWS)
    table("newer-version.csv", ["# edgenas-latency-table 9"] + TABLE_HEAD[1:] + TABLE_ROWS)
    table("no-header.csv", TABLE_HEAD + TABLE_ROWS[1:])
    table("no-device.csv", [TABLE_HEAD[0]] + TABLE_HEAD[2:] + TABLE_ROWS)
    table("not-a-number.csv", TABLE_HEAD + [TABLE_ROWS[0], "linear|in=8x1x1|out=10x1x1|bias=1,fast"])
    table("negative.csv", TABLE_HEAD + [TABLE_ROWS[0], "linear|in=8x1x1|out=10x1x1|bias=1,-0.5"])
    table("infinite.csv", TABLE_HEAD + [TABLE_ROWS[0], "linear|in=8x1x1|out=10x1x1|bias=1,inf"])
    table("three-columns.csv", TABLE_HEAD + [TABLE_ROWS[0], "linear|in=8x1x1|out=10x1x1|bias=1,0.1,0.2"])
    table("duplicate.csv", TABLE_HEAD + TABLE_ROWS + [TABLE_ROWS[1]])
    table("unknown-condition.csv", TABLE_HEAD + ["# colour=blue"] + TABLE_ROWS)
    table("bad-threads.csv", [TABLE_HEAD[0], TABLE_HEAD[1], "# threads=many", TABLE_HEAD[3]] + TABLE_ROWS)
    write_bytes("table/empty.csv", b"")
    write_bytes("table/binary.csv", bytes(range(256)) * 4)
    folder_in_place_of_a_file("table/folder.csv")


# --- data sets ----------------------------------------------------------------------------

def idx_images(count, rows=28, cols=28, magic=0x803, present=None):
    present = count if present is None else present
    pixels = bytes((i * 7) % 256 for i in range(present * rows * cols))
    return struct.pack(">IIII", magic, count, rows, cols) + pixels


def idx_labels(count, magic=0x801, labels=None):
    labels = [i % 10 for i in range(count)] if labels is None else labels
    return struct.pack(">II", magic, count) + bytes(labels)


def fashion(case, images, labels, compress=False):
    folder = "fashion-mnist/" + case + "/"
    suffix = ".gz" if compress else ""
    if images is not None:
        write_bytes(folder + "train-images-idx3-ubyte" + suffix, gzip.compress(images, mtime=0) if compress else images)
    if labels is not None:
        write_bytes(folder + "train-labels-idx1-ubyte" + suffix, gzip.compress(labels, mtime=0) if compress else labels)


def datasets():
    fashion("image-magic", idx_images(3, magic=0x804), idx_labels(3))
    fashion("label-magic", idx_images(3), idx_labels(3, magic=0x803))
    fashion("truncated-images", idx_images(3, present=2)[:-100], idx_labels(3))
    fashion("count-mismatch", idx_images(3), idx_labels(2))
    fashion("no-images", idx_images(0), idx_labels(0))
    fashion("wrong-dimensions", idx_images(3, rows=32, cols=32), idx_labels(3))
    fashion("label-range", idx_images(3), idx_labels(3, labels=[1, 12, 3]))
    fashion("trailing-data", idx_images(3) + b"extra", idx_labels(3))
    fashion("absurd-count", idx_images(0xFFFFFFFF, present=3), idx_labels(0xFFFFFFFF, labels=[0, 1, 2]))
    fashion("empty-file", b"", idx_labels(3))
    fashion("missing-labels", idx_images(3), None)
    fashion("not-gzip", None, None)
    write_text("fashion-mnist/not-gzip/train-images-idx3-ubyte.gz", "this is not gzip data\n")
    write_bytes("fashion-mnist/not-gzip/train-labels-idx1-ubyte.gz", gzip.compress(idx_labels(3), mtime=0))
    whole = gzip.compress(idx_images(3), mtime=0)
    fashion("truncated-gzip", None, idx_labels(3), compress=True)
    write_bytes("fashion-mnist/truncated-gzip/train-images-idx3-ubyte.gz", whole[: len(whole) // 2])
    damaged = bytearray(whole)
    damaged[-8] ^= 0xFF  # the CRC-32 in the trailer
    fashion("bad-crc", None, idx_labels(3), compress=True)
    write_bytes("fashion-mnist/bad-crc/train-images-idx3-ubyte.gz", bytes(damaged))
    folder_in_place_of_a_file("fashion-mnist/images-folder/train-images-idx3-ubyte")
    write_bytes("fashion-mnist/images-folder/train-labels-idx1-ubyte", idx_labels(3))

    record10 = lambda label: bytes([label]) + bytes((i * 3) % 256 for i in range(3072))
    batches = ["data_batch_%d.bin" % i for i in range(1, 6)]

    def cifar10(case, content):
        for name in batches:
            if name in content and content[name] is not None:
                write_bytes("cifar10/%s/%s" % (case, name), content[name])

    good = {name: record10(i % 10) for i, name in enumerate(batches)}
    cifar10("valid", good)
    cifar10("truncated", dict(good, **{"data_batch_3.bin": record10(3)[:3000]}))
    cifar10("label-range", dict(good, **{"data_batch_2.bin": record10(1) + record10(11)}))
    cifar10("missing-batch", dict(good, **{"data_batch_5.bin": None}))
    cifar10("empty-batch", dict(good, **{"data_batch_1.bin": b""}))

    record100 = lambda coarse, fine: bytes([coarse, fine]) + bytes(3072)
    write_bytes("cifar100/coarse-range/train.bin", record100(3, 30) + record100(25, 40))
    write_bytes("cifar100/fine-range/train.bin", record100(3, 30) + record100(4, 100))
    write_bytes("cifar100/cifar10-file/train.bin", record10(1) * 2)  # 2 x 3073 bytes: not 3074-byte records


# --- run databases ------------------------------------------------------------------------

def databases():
    write_text("db/not-sqlite.sqlite", "id,status\n1,finished\n")
    os.makedirs(os.path.join(OUT, "db"), exist_ok=True)
    foreign = path("db/foreign.sqlite")
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        db.execute("INSERT INTO photos (path) VALUES ('holiday.jpg')")
    db.close()
    newer = path("db/newer-schema.sqlite")
    with sqlite3.connect(newer) as db:
        # EdgeNAS's application id ("EDNS") with a schema version no build has made yet.
        db.execute("PRAGMA application_id = %d" % 0x45444E53)
        db.execute("PRAGMA user_version = 9999")
        db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, future_column BLOB)")
    db.close()
    with open(foreign, "rb") as f:
        head = f.read()
    write_bytes("db/truncated.sqlite", head[:60])
    page = bytearray(head[:100]) + bytes(412)
    page[16:18] = struct.pack(">H", 1000)  # no page size is 1000 bytes
    write_bytes("db/bad-page-size.sqlite", bytes(page))
    folder_in_place_of_a_file("db/folder.sqlite")


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    architectures()
    configs()
    settings()
    tables()
    datasets()
    databases()


if __name__ == "__main__":
    main()
