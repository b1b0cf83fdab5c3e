"""Runs the PyTorch code Latent Lab generated on weights the engine exported.

Used by core/codegen's TestPyTorchMatchesEngine: python3 check_torch.py JOB.json.
For every case directory of the job it imports the generated model.py, loads
weights.safetensors with load_state_dict (strict: every name and shape must
match), evaluates the generated loss_fn on the given batch (x.f32, with eps.f32
for a VAE or x_noisy.f32 for a DAE), takes one train_step with the generated
optimizer, and writes result.json, recon.f32 (the reconstruction) and
after.safetensors (the weights after the step). It also compiles the Keras code
(keras.py), which cannot run here: Keras is not packaged. Then it takes one
training step with the code generated for each configuration of the job's
"smoke" list (random data), and compiles the Keras code of its "compile" list.

The safetensors package is not packaged in Debian either, so the file is read
and written here following the format's specification.
"""
import importlib.util
import json
import math
import struct
import sys

import torch


def read_f32(path, shape):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32).reshape(shape)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(info["shape"])
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        blob = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reconstruction(model, case, x, extra):
    kind = case["kind"]
    if kind == "vae":
        out = model(x, *extra)[0]
    elif kind == "cae":
        out = model(x)[0]
    elif kind == "dae":
        out = model(extra[0])
    else:
        out = model(x)
    return torch.sigmoid(out) if case["output"] == "bernoulli" else out


def run(case):
    d = case["dir"]
    with open(d + "/keras.py", encoding="utf-8") as f:
        compile(f.read(), d + "/keras.py", "exec")
    gen = load_module(d + "/model.py", "generated_" + case["name"].replace("-", "_"))
    model = getattr(gen, case["class"])()
    model.load_state_dict(read_safetensors(d + "/weights.safetensors"))
    rows = case["rows"]
    x = read_f32(d + "/x.f32", (rows, case["input"]))
    extra = ()
    if case["kind"] == "vae":
        extra = (read_f32(d + "/eps.f32", (rows, case["latent"])),)
    elif case["kind"] == "dae":
        extra = (read_f32(d + "/x_noisy.f32", (rows, case["input"])),)
    with torch.no_grad():
        loss, terms = gen.loss_fn(model, x, *extra)
        recon = reconstruction(model, case, x, extra)
    optimizer = gen.make_optimizer(model)
    step_loss, _ = gen.train_step(model, optimizer, x, *extra)
    with torch.no_grad():
        after, after_terms = gen.loss_fn(model, x, *extra)
    with open(d + "/recon.f32", "wb") as f:
        f.write(recon.contiguous().numpy().tobytes())
    write_safetensors(d + "/after.safetensors", model.state_dict())
    result = {
        "loss": loss.item(),
        "terms": {k: v.item() for k, v in terms.items()},
        "step_loss": step_loss,
        "after_loss": after.item(),
        "after_terms": {k: v.item() for k, v in after_terms.items()},
    }
    with open(d + "/result.json", "w") as f:
        json.dump(result, f)


def smoke(case):
    """Runs one training step of generated code on random data: every branch of the templates executes."""
    gen = load_module(case["path"], "smoke_" + str(case["index"]))
    model = getattr(gen, case["class"])()
    x = torch.rand(4, case["input"])
    loss, terms = gen.train_step(model, gen.make_optimizer(model), x)
    if not all(map(math.isfinite, [loss, *terms.values()])):
        raise ValueError(f"{case['path']}: loss {loss}, terms {terms}")


def main():
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        job = json.load(f)
    for case in job["cases"]:
        run(case)
    for case in job["smoke"]:
        smoke(case)
    for path in job["compile"]:
        with open(path, encoding="utf-8") as f:
            compile(f.read(), path, "exec")


if __name__ == "__main__":
    main()
