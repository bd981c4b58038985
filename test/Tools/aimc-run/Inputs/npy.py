#!/usr/bin/env python3
"""Helpers for the aimc-run lit tests: make .npy inputs, check outputs.

  npy.py make OUT DTYPE SHAPE [--seed N] [--fortran] [--big-endian]
      random normal (floats) or integers in [-50, 50) of the given dtype
      and shape ("4x3"; "" for a scalar), reproducible from the seed.
  npy.py rff X Y [--rtol R]
                           check Y == cos(X @ Omega^T) @ W of
                           docs/examples/rff-classifier.mlir
  npy.py equal OUT DTYPE VALUES...
                           check OUT has that dtype and exactly those
                           values (flattened, C order)
  npy.py json-digital      check the --json report on stdin of a
                           digital-only run
  npy.py json-analog MVMS  check the --json report on stdin of a run with
                           analog tiles that executed MVMS tile MVMs
  npy.py make-rff MODULE X REF BxDxSxC [--seed N]
                           write a random RFF classifier module
                           y = cos(x @ Omega + b) @ W with those sizes, an
                           input X and the float64 numpy reference REF
  npy.py close Y REF [--rtol R] [--frobenius F]
                           check Y against REF: normwise max error <= R
                           (default RTOL), relative Frobenius error <= F
Exits non-zero with a message on any mismatch.
"""
import json
import sys

import numpy as np

RTOL = 1e-5


def parse_shape(text):
    return tuple(int(d) for d in text.split("x")) if text else ()


def make(args):
    out, dtype, shape = args[0], np.dtype(args[1]), parse_shape(args[2])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    rng = np.random.default_rng(seed)
    if dtype.kind == "f":
        array = rng.standard_normal(shape).astype(dtype)
    else:
        array = rng.integers(-50, 50, size=shape).astype(dtype)
    if "--fortran" in args:
        array = np.asfortranarray(array.reshape(shape))
        assert array.ndim < 2 or not array.flags.c_contiguous
    if "--big-endian" in args:
        array = array.astype(array.dtype.newbyteorder(">"))
    np.save(out, array)


def rtol_of(args):
    return float(args[args.index("--rtol") + 1]) if "--rtol" in args else RTOL


def close(actual, reference, what, rtol=RTOL):
    """Normwise relative error: max |a - r| / max |r| <= RTOL.

    Elementwise relative error is meaningless for outputs near zero, where
    float32 rounding of the (float64) reference's large intermediate terms
    dominates; the error is measured against the output's scale instead.
    """
    if actual.shape != reference.shape:
        sys.exit(f"{what}: shape {actual.shape}, expected {reference.shape}")
    error = np.max(np.abs(actual - reference)) / np.max(np.abs(reference))
    if not error <= rtol:
        sys.exit(f"{what}: relative error {error:.3g} > {rtol}")
    print(f"{what}: ok, relative error {error:.3g}")


def rff(args):
    x, y = np.load(args[0]), np.load(args[1])
    if y.dtype != np.float32:
        sys.exit(f"result dtype {y.dtype}, expected float32")
    omega_t = np.array([[0.5, -1.0, 0.25, 2.0], [1.5, 0.75, -0.5, 0.0],
                        [-0.25, 1.0, 1.25, -1.5]], dtype=np.float32)
    w = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]],
                 dtype=np.float32)
    ref = np.cos(x.astype(np.float64) @ omega_t) @ w
    close(y.astype(np.float64), ref, "rff", rtol_of(args))


def equal(args):
    array = np.load(args[0])
    if array.dtype != np.dtype(args[1]):
        sys.exit(f"dtype {array.dtype}, expected {args[1]}")
    expected = np.array([float(v) for v in args[2:]])
    if array.size != expected.size or not np.array_equal(
            array.ravel().astype(np.float64), expected):
        sys.exit(f"values {array.ravel()}, expected {expected}")
    print(f"equal: ok {array.dtype}{list(array.shape)}")


def dense(array):
    rows = (",".join(repr(float(v)) for v in row) for row in array)
    return "dense<[" + ",".join("[" + r + "]" for r in rows) + "]>"


def make_rff(args):
    module, x_path, ref_path = args[0], args[1], args[2]
    batch, d, s, c = (int(v) for v in args[3].split("x"))
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    rng = np.random.default_rng(seed)
    omega_t = rng.standard_normal((d, s)).astype(np.float32)
    bias = rng.uniform(0, 2 * np.pi, (1, s)).astype(np.float32)
    w = (rng.standard_normal((s, c)) / np.sqrt(s)).astype(np.float32)
    x = rng.standard_normal((batch, d)).astype(np.float32)
    t = f"tensor<{batch}x{s}xf32>"
    with open(module, "w") as f:
        f.write(f"""func.func @rff(%x: tensor<{batch}x{d}xf32>) -> tensor<{batch}x{c}xf32> {{
  %omega_t = arith.constant {dense(omega_t)} : tensor<{d}x{s}xf32>
  %bias = arith.constant {dense(np.repeat(bias, batch, 0))} : {t}
  %w = arith.constant {dense(w)} : tensor<{s}x{c}xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : {t}
  %acc = linalg.fill ins(%zero : f32) outs(%e : {t}) -> {t}
  %z = linalg.matmul ins(%x, %omega_t : tensor<{batch}x{d}xf32>, tensor<{d}x{s}xf32>) outs(%acc : {t}) -> {t}
  %zb = arith.addf %z, %bias : {t}
  %phi = math.cos %zb : {t}
  %e2 = tensor.empty() : tensor<{batch}x{c}xf32>
  %acc2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<{batch}x{c}xf32>) -> tensor<{batch}x{c}xf32>
  %y = linalg.matmul ins(%phi, %w : {t}, tensor<{s}x{c}xf32>) outs(%acc2 : tensor<{batch}x{c}xf32>) -> tensor<{batch}x{c}xf32>
  return %y : tensor<{batch}x{c}xf32>
}}
""")
    np.save(x_path, x)
    ref = np.cos(x.astype(np.float64) @ omega_t + bias) @ w
    np.save(ref_path, ref)


def close_files(args):
    actual = np.load(args[0]).astype(np.float64)
    reference = np.load(args[1]).astype(np.float64)
    close(actual, reference, "close", rtol_of(args))
    if "--frobenius" in args:
        bound = float(args[args.index("--frobenius") + 1])
        error = np.linalg.norm(actual - reference) / np.linalg.norm(reference)
        if not error <= bound:
            sys.exit(f"close: relative Frobenius error {error:.3g} > {bound}")
        print(f"close: ok, relative Frobenius error {error:.3g}")


def frobenius(path, reference):
    actual = np.load(path).astype(np.float64)
    return np.linalg.norm(actual - reference) / np.linalg.norm(reference)


def less_error(args):
    """less-error A.npy B.npy REF.npy: A's relative Frobenius error against
    REF is below B's."""
    reference = np.load(args[2]).astype(np.float64)
    a, b = frobenius(args[0], reference), frobenius(args[1], reference)
    if not a < b:
        sys.exit(f"less-error: {a:.3g} is not below {b:.3g}")
    print(f"less-error: ok, {a:.3g} < {b:.3g}")


def json_digital(_):
    report = json.load(sys.stdin)
    assert report["analog"]["has_analog_tiles"] is False, report
    assert report["analog"]["ops"] == [], report
    assert report["analog"]["total"]["mvms"] == 0, report
    assert report["wall_time_s"] > 0, report
    assert report["compile_time_s"] > 0, report
    assert report["inputs"][0]["type"] == "float32[4x3]", report
    assert report["outputs"][0]["type"] == "float32[4x2]", report
    print("json: ok", report["entry"], report["chip"], report["seed"],
          report["t_inference_s"])


def json_analog(args):
    report = json.load(sys.stdin)
    analog = report["analog"]
    assert analog["has_analog_tiles"] is True, report
    assert len(analog["ops"]) >= 1, report
    total = analog["total"]
    assert total["mvms"] == int(args[0]), report
    assert sum(op["mvms"] for op in analog["ops"]) == total["mvms"], report
    assert total["energy_j"] > 0 and total["latency_s"] > 0, report
    assert total["tops_per_w"] > 0 and 0 < total["utilization"] <= 1, report
    assert 0 < analog["chip_utilization"] <= total["utilization"], report
    kinds = {d["kind"]: d["operations"] for d in report["digital_ops"]}
    assert set(kinds) == {"add", "multiply", "transcendental", "other"}, report
    assert report["digital_energy_j"] > 0, report
    assert abs(report["total_energy_j"] - total["energy_j"] -
               report["digital_energy_j"]) <= 1e-9 * report["total_energy_j"]
    assert report["calls"] == 1, report
    params = report["chip_parameters"]
    assert params["cores"] == 64 and params["adc_bits"] == 8, report
    assert isinstance(params["drift"], bool), report
    assert params["noise_model"] in ("hermes", "pcm", "none"), report
    print("json: ok", report["entry"], report["chip"], report["seed"],
          report["t_inference_s"], total["tiles"], "tiles", total["mvms"],
          "mvms", kinds["transcendental"], "transcendental")


if __name__ == "__main__":
    {"make": make, "rff": rff, "equal": equal, "json-digital": json_digital,
     "json-analog": json_analog, "make-rff": make_rff,
     "close": close_files, "less-error": less_error}[sys.argv[1]](sys.argv[2:])
