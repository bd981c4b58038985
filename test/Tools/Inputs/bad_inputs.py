#!/usr/bin/env python3
"""Adversarial inputs of the reliability review (issue 12, docs/Reliability.md)
and variants of them, run through aimc-opt, aimc-run and aimc-ridge.

  bad_inputs.py WORKDIR [--only SUBSTRING] [--verbose]

Every case runs the tool (found on PATH) in a subprocess with a timeout and
checks its outcome:
  error   non-zero exit with a clean diagnostic: an "aimc-<tool>: error:"
          line or a located "file:line:col: error:" line, and none of the
          signs of a crash or an internal message (a signal, a Python
          traceback, "LLVM ERROR", a stack dump, a sanitizer report, an
          assertion);
  ok      exit 0 with the same absence of crash signs;
  flag    a bad command line: non-zero exit and nothing on stderr but one
          "aimc-<tool>: error: ..." line (not LLVM's or argparse's formats);
plus, where given, a substring the output must contain and a check of the
output files. No case may leave a (partial) output file behind when it
fails. Prints one line per failing case and a summary
"bad-inputs: N cases, F failed"; exits 1 if any case failed.
"""
import os
import re
import resource
import shutil
import stat
import subprocess
import sys

import numpy as np

TIMEOUT = 300
CRASH_SIGNS = ("Traceback", "LLVM ERROR", "Stack dump", "PLEASE submit",
               "Sanitizer", "runtime error:", "Assertion", "terminate called",
               "std::bad_alloc", "Segmentation fault", "out-of-bounds")
CLEAN_ERROR = re.compile(
    r"^(aimc-(opt|run|ridge): error: |[^\n]*:\d+:\d+: error: )", re.M)

work = sys.argv[1]
only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
verbose = "--verbose" in sys.argv
os.makedirs(work, exist_ok=True)


def path(name):
    return os.path.join(work, name)


def write(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)


def npy(name, array):
    np.save(path(name), array)
    return path(name)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

rng = np.random.default_rng(12)
X16 = npy("x16.npy", rng.normal(size=(4, 16)).astype(np.float32))
X0 = npy("x0.npy", np.zeros((0, 16), np.float32))
X3 = npy("x3.npy", rng.normal(size=(2, 3)).astype(np.float32))
npy("x3-copy.npy", np.load(X3))
HUGE_VALUES = npy("huge.npy", np.array(
    [1e9, 1e20, -3e38, 2.7e7, 3.4028235e38, -1e-45, 0.0, 123456.7],
    np.float32))

MATMUL = """
func.func @f(%x: tensor<{b}x16xf32>) -> tensor<{b}x{n}xf32> {{
  %w = arith.constant dense<0.5> : tensor<16x{n}xf32>
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty({dyn}) : tensor<{b}x{n}xf32>
  %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<{b}x{n}xf32>) -> tensor<{b}x{n}xf32>
  %y = linalg.matmul ins(%x, %w : tensor<{b}x16xf32>, tensor<16x{n}xf32>) outs(%z : tensor<{b}x{n}xf32>) -> tensor<{b}x{n}xf32>
  return %y : tensor<{b}x{n}xf32>
}}
"""


def matmul(b, n):
    dyn = "%d" if b == "?" else ""
    text = MATMUL.format(b=b, n=n, dyn=dyn)
    if b == "?":
        text = text.replace(
            "%c0 = arith.constant 0.0 : f32",
            "%c0 = arith.constant 0.0 : f32\n  %i0 = arith.constant 0 : index\n"
            "  %d = tensor.dim %x, %i0 : tensor<?x16xf32>")
    return text


STATIC_EMPTY = write("n0-static.mlir", matmul(4, 0))
DYNAMIC_EMPTY = write("n0-dynamic.mlir", matmul("?", 0))
STATIC_N8 = write("n8-static.mlir", matmul(4, 8))
DYNAMIC_N300 = write("n300-dynamic.mlir", matmul("?", 300))
BATCH0_N300 = write("b0-n300.mlir", matmul(0, 300))
ZERO_ROW = write("k0.mlir", """
func.func @f(%x: tensor<4x0xf32>) -> tensor<4x8xf32> {
  %w = arith.constant dense<0.5> : tensor<0x8xf32>
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x0xf32>, tensor<0x8xf32>) outs(%z : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
""")
AIMC_EMPTY = write("aimc-empty.mlir", """
func.func @f(%x: tensor<4x16xf32>) -> tensor<4x0xf32> {
  %w = arith.constant dense<1.0> : tensor<16x0xf32>
  %y = aimc.matmul %x, %w : tensor<4x16xf32>, tensor<16x0xf32> -> tensor<4x0xf32>
  return %y : tensor<4x0xf32>
}
""")
AIMC_EMPTY_ROWS = write("aimc-empty-rows.mlir", """
func.func @f(%x: tensor<4x0xf32>) -> tensor<4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<0x8xf32>
  %y = aimc.matmul %x, %w : tensor<4x0xf32>, tensor<0x8xf32> -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
""")


def projection(rows, cols, batch="4", kind="gaussian"):
    return f"""
func.func @f(%x: tensor<{batch}x{cols}xf32>) -> tensor<{batch}x{rows}xf32> {{
  %o = ka.sample_projection {kind} seed(1) : tensor<{rows}x{cols}xf32>
  %z = ka.projection %x, %o : (tensor<{batch}x{cols}xf32>, tensor<{rows}x{cols}xf32>) -> tensor<{batch}x{rows}xf32>
  %c = math.cos %z : tensor<{batch}x{rows}xf32>
  return %c : tensor<{batch}x{rows}xf32>
}}
"""


PROJ_EMPTY_ROWS = write("proj-0x16.mlir", projection(0, 16))
PROJ_EMPTY_COLS = write("proj-8x0.mlir", projection(8, 0))
PROJ_BATCH0 = write("proj-b0.mlir", projection(300, 16, batch="0"))
PROJ_DYN = write("proj-dyn.mlir", projection(300, 16, batch="?"))
PROJ_HUGE = write("proj-huge.mlir", projection(1000000000, 2))
PROJ_I64 = write("proj-i64.mlir", projection(9223372036854775807, 2))
PROJ_OVERFLOW = write("proj-overflow.mlir",
                      projection(4611686018427387904, 4))
PROJ_OVERFLOW2 = write("proj-overflow2.mlir",
                       projection(4294967296, 4294967296))
SPLAT_HUGE = write("splat-huge.mlir", """
func.func @f(%x: tensor<4x100000xf32>) -> tensor<4x100000xf32> {
  %w = arith.constant dense<0.5> : tensor<100000x100000xf32>
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x100000xf32>
  %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<4x100000xf32>) -> tensor<4x100000xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x100000xf32>, tensor<100000x100000xf32>) outs(%z : tensor<4x100000xf32>) -> tensor<4x100000xf32>
  return %y : tensor<4x100000xf32>
}
""")
SPLAT_HUGE_AIMC = write("splat-huge-aimc.mlir", """
func.func @f(%x: tensor<4x2xf32>) -> tensor<4x1000000000xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1000000000xf32>
  %y = aimc.matmul %x, %w : tensor<4x2xf32>, tensor<2x1000000000xf32> -> tensor<4x1000000000xf32>
  return %y : tensor<4x1000000000xf32>
}
""")
PHASE_HUGE = write("phase-huge.mlir", """
func.func @f() -> tensor<3000000000xf32> {
  %b = ka.sample_phase seed(3) : tensor<3000000000xf32>
  return %b : tensor<3000000000xf32>
}
""")
UNREGISTERED = write("unregistered.mlir", """
"foo.bar"() : () -> ()
func.func @f(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = "foo.weights"() : () -> tensor<16x8xf32>
  "foo.side"(%x) ({ "foo.inner"() : () -> () }) : (tensor<4x16xf32>) -> ()
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x8xf32>) outs(%z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %u = "foo.use"(%y) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %u : tensor<4x8xf32>
}
""")
UNREGISTERED_TOP = write("unregistered-top.mlir", '"foo.bar"() : () -> ()\n')
COS = write("cos.mlir", """
func.func @f(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %c = math.cos %x : tensor<8xf32>
  %s = math.sin %x : tensor<8xf32>
  return %c, %s : tensor<8xf32>, tensor<8xf32>
}
""")
PAIR = write("pair.mlir", """
func.func @pair(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %n = arith.negf %a : tensor<2x3xf32>
  return %a, %n : tensor<2x3xf32>, tensor<2x3xf32>
}
""")
# A 373 GiB digital temporary, shared with test/Python/crashers_test.py.
HUGE_TEMP = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         os.pardir, os.pardir, "Inputs", "huge-temporary.mlir")


def placed_tile(row):
    return f"""
module attributes {{aimc.chip = #aimc.chip<"hermes">}} {{
func.func @f(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {{
  %w = arith.constant dense<0.5> : tensor<16x8xf32>
  %y = aimc.tile %x, %w at <row = {row}, col = 0> : tensor<4x16xf32>, tensor<16x8xf32> -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}}
}}
"""


NEST_MODULE = write("nest-module.mlir", "module {" * 5000 + "}" * 5000)
NEST_ARRAY = write("nest-array.mlir",
                   "func.func private @f() attributes {a = " + "[" * 20000
                   + "]" * 20000 + "}")
NEST_PAREN = write("nest-paren.mlir",
                   "#m = affine_map<(d0) -> (" + "(" * 20000 + "d0"
                   + ")" * 20000 + ")>\n")
NEST_ANGLE = write("nest-angle.mlir",
                   "func.func private @f() -> " + "tensor<" * 20000 + "f32"
                   + ">" * 20000 + "\n")
NEST_REGION = write("nest-region.mlir",
                    '"test.op"() ({' * 5000 + "})" * 5000 + "\n")
NEST_UNCLOSED = write("nest-unclosed.mlir", "[" * 100000)

# aimc-ridge data
RINGS = []
for name in ("train", "test"):
    r = np.random.default_rng(len(name))
    pts = r.normal(size=(60, 2))
    lab = (np.hypot(pts[:, 0], pts[:, 1]) > 1.1).astype(int) * 2 - 1
    RINGS.append(write(f"rings.{name}.svm", "".join(
        f"{l:+d} 1:{a:.6f} 2:{b:.6f}\n" for l, (a, b) in zip(lab, pts))))
TRAIN, TEST = RINGS
WIDE = write("wide.svm", "+1 10000000:1\n-1 1:1\n")
INDEX_I64 = write("index-i64.svm", "+1 9223372036854775807:1\n-1 1:1\n")
INDEX_HUGE = write("index-huge.svm", "+1 1e400:1\n-1 1:1\n")
INDEX_NEG = write("index-neg.svm", "+1 -3:1\n-1 1:1\n")
INDEX_FRAC = write("index-frac.svm", "+1 1.5:1\n-1 1:1\n")
VALUE_HUGE = write("value-huge.svm", "+1 1:1e400\n-1 1:1\n")
VALUE_1E20 = write("value-1e20.svm", "".join(
    f"{'+1' if i % 2 else '-1'} 1:{1e20 if i == 3 else i % 2} 2:{i}\n"
    for i in range(40)))
LABEL_HUGE = write("label-huge.svm", "1e400 1:1\n-1 1:2\n")
LABEL_NAN = write("label-nan.svm", "nan 1:1\n-1 1:2\n")
LABEL_BIG = write("label-big.svm", "".join(
    f"{9007199254740992 + (i % 2)} 1:{i % 2}.5 2:{i}\n" for i in range(40)))
LABEL_HUGE_INT = write("label-hugeint.svm", "".join(
    f"{10**30 + (i % 2)} 1:{i % 2}.5 2:{i}\n" for i in range(40)))
ONE_CLASS = write("one-class.svm", "".join(f"+1 1:{i}\n" for i in range(10)))
EMPTY = write("empty.svm", "")
COMMENTS = write("comments.svm", "# only a comment\n\n")
QID = write("qid.svm", "+1 qid:3 1:1\n-1 qid:3 1:2\n")
CSV_HEADER_ONLY = write("header.csv", "label,a,b\n")
CSV_RAGGED = write("ragged.csv", "1,2,3\n-1,2\n")
CSV_WIDE = write("wide.csv", "1," + ",".join(["0"] * 300000) + "\n")
BINARY = write("binary.svm", "\x00\xff\xfe garbage \x01\n")
BIG_LINE = path("bigline.svm")
with open(BIG_LINE, "w") as f:
    f.write("+1 " + " ".join(f"{i}:1" for i in range(1, 200001)) + "\n")
    f.write("-1 1:1\n")

# .npy inputs
with open(path("truncated.npy"), "wb") as f:
    f.write(open(X3, "rb").read()[:-5])


def npy_header(shape, descr="<f4", fortran=False, extra=b""):
    header = ("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
              % (descr, fortran, shape)).encode()
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return (b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header
            + extra)


for name, data in {
    "huge-shape.npy": npy_header("(1000000000, 1000000000)"),
    "overflow-shape.npy": npy_header("(4611686018427387904, 4)"),
    "negative-shape.npy": npy_header("(-1, 3)"),
    "object.npy": npy_header("(2, 3)", descr="|O"),
    "big-endian.npy": npy_header("(2, 3)", descr=">f4", extra=bytes(24)),
    "float64.npy": npy_header("(2, 3)", descr="<f8", extra=bytes(48)),
    "int-dtype.npy": npy_header("(2, 3)", descr="<i4", extra=bytes(24)),
    "nan.npy": npy_header("(2, 3)", extra=np.full(6, np.nan,
                                                  np.float32).tobytes()),
    "header-garbage.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': (((((\n",
    "header-len.npy": b"\x93NUMPY\x02\x00\xff\xff\xff\x7f{",
    "not-npy.npy": b"hello world",
}.items():
    with open(path(name), "wb") as f:
        f.write(data)
os.mkfifo(path("fifo.npy"))
os.mkfifo(path("fifo.mlir"))
os.mkfifo(path("fifo.svm"))
os.makedirs(path("d"), exist_ok=True)
os.symlink("p.npy", path("d/link.npy"))
open(path("d/hard-a.npy"), "wb").close()
os.link(path("d/hard-a.npy"), path("d/hard-b.npy"))

# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

CASES = []


def case(item, name, argv, expect="error", contains=None, absent=(),
         check=None):
    """One run: `item` is the issue's numbered finding it varies."""
    CASES.append(dict(item=item, name=name, argv=argv, expect=expect,
                      contains=contains, absent=absent, check=check))


OPT = "aimc-opt"
RUN = "aimc-run"
RIDGE = "aimc-ridge"
COMPILE = "--aimc-compile"

# 1. Zero-size shapes, now also through the scf.for batch loop.
for label, module in (("static", STATIC_EMPTY), ("dynamic", DYNAMIC_EMPTY)):
    for policy in ("all", "projections"):
        case(1, f"zero-column linalg weight, {label} batch, policy {policy}",
             [OPT, module, f"--aimc-compile=policy={policy}", "-o",
              os.devnull], expect="ok")
case(1, "zero-column weight runs", [RUN, STATIC_EMPTY, "--entry=f",
     f"--input={X16}", f"--output={path('o-n0.npy')}", "--policy=all"],
     expect="ok", check=("o-n0.npy", (4, 0)))
case(1, "zero-column weight, dynamic batch, runs",
     [RUN, DYNAMIC_EMPTY, "--entry=f", f"--input={X16}",
      f"--output={path('o-n0d.npy')}", "--policy=all"], expect="ok",
     check=("o-n0d.npy", (4, 0)))
case(1, "zero-row weight", [OPT, ZERO_ROW, "--aimc-compile=policy=all",
     "-o", os.devnull], expect="ok")
case(1, "aimc.matmul with no columns", [OPT, AIMC_EMPTY, COMPILE],
     contains="at least one row and one column")
case(1, "aimc.matmul with no rows", [OPT, AIMC_EMPTY_ROWS, COMPILE],
     contains="at least one row and one column")
case(1, "projection of zero features", [OPT, PROJ_EMPTY_ROWS, COMPILE,
     "-o", os.devnull], expect="any")
case(1, "projection of zero inputs", [OPT, PROJ_EMPTY_COLS, COMPILE,
     "-o", os.devnull], expect="any")
case(1, "static zero batch through the analog batch loop",
     [OPT, BATCH0_N300, "--aimc-compile=policy=all", "-o", os.devnull],
     expect="any")
case(1, "static zero batch projection", [OPT, PROJ_BATCH0, COMPILE, "-o",
     os.devnull], expect="any")
case(1, "dynamic batch projection", [OPT, PROJ_DYN, COMPILE, "-o",
     os.devnull], contains="must be static-shape")
case(12, "zero batch into a dynamic analog projection",
     [RUN, PROJ_DYN, "--entry=f", f"--input={X0}",
      f"--output={path('o-b0.npy')}"], expect="any",
     check=("o-b0.npy", (0, 300)))
case(12, "zero batch into a dynamic analog matmul (policy all)",
     [RUN, DYNAMIC_N300, "--entry=f", f"--input={X0}",
      f"--output={path('o-b0m.npy')}", "--policy=all"], expect="any",
     check=("o-b0m.npy", (0, 300)))
case(12, "zero batch into a static batch of 4",
     [RUN, STATIC_N8, "--entry=f", f"--input={X0}",
      f"--output={path('o-b0s.npy')}", "--policy=all"],
     absent=("offset",))

# 2. Unregistered ops in every aimc pass and the whole pipeline.
for p in ("ka-lower", "aimc-partition", "aimc-tile", "aimc-place",
          "convert-aimc-to-runtime", "aimc-count-digital-ops",
          "aimc-float-reference", "aimc-interchange-contractions",
          "aimc-approximate-math", "aimc-emit-c-interface", "aimc-set-chip",
          "aimc-compile", "aimc-lower-to-llvm"):
    for module in (UNREGISTERED, UNREGISTERED_TOP):
        case(2, f"unregistered ops, --{p}, {os.path.basename(module)}",
             [OPT, "--allow-unregistered-dialect", module, f"--{p}", "-o",
              os.devnull], expect="any")
case(2, "unregistered ops without --allow-unregistered-dialect",
     [OPT, UNREGISTERED, COMPILE])
case(2, "unregistered ops in aimc-run", [RUN, UNREGISTERED, "--entry=f",
     f"--input={X16}", f"--output={path('o-u.npy')}"])

# 3. Deep nesting.
for module in (NEST_MODULE, NEST_ARRAY, NEST_PAREN, NEST_ANGLE, NEST_REGION,
               NEST_UNCLOSED):
    base = os.path.basename(module)
    case(3, f"deep nesting {base}", [OPT, module], contains="levels deep")
    case(3, f"deep nesting {base} in aimc-run",
         [RUN, module, "--entry=f", f"--output={path('o-n.npy')}"],
         contains="levels deep")
deep_chip = "#aimc.chip<\"hermes\", rows = " + "[" * 20000 + "]" * 20000 + ">"
case(3, "deep nesting in --chip", [RUN, COS, "--entry=f",
     f"--input={HUGE_VALUES}", f"--output={path('o-c.npy')}",
     f"--output={path('o-s.npy')}", f"--chip={deep_chip}"])
case(3, "deep nesting in aimc-ridge --chip", [RIDGE, "--train", TRAIN,
     "--test", TEST, "--features", "16", "--chip", deep_chip])

# 4. Memory budget.
for module in (PROJ_HUGE, PROJ_I64, PROJ_OVERFLOW, PROJ_OVERFLOW2,
               SPLAT_HUGE, SPLAT_HUGE_AIMC, PHASE_HUGE):
    base = os.path.basename(module)
    case(4, f"huge weights {base}", [OPT, module, COMPILE, "-o",
         os.devnull])
    case(4, f"huge weights {base} in aimc-run", [RUN, module, "--entry=f",
         f"--input={X16}", f"--output={path('o-h.npy')}"])
case(4, "huge weights with a huge budget",
     [OPT, PROJ_OVERFLOW, "--aimc-weight-budget=18446744073709551615",
      COMPILE, "-o", os.devnull])
for budget in ("0", "-1", "99999999999999999999999", "1e9", "16EiB", "8T"):
    case(4, f"--aimc-weight-budget={budget}", [OPT, STATIC_N8,
         f"--aimc-weight-budget={budget}", COMPILE, "-o", os.devnull],
         expect="any")
case(4, "a huge digital temporary", [RUN, HUGE_TEMP, "--entry=f",
     f"--input={X3}", f"--output={path('o-t.npy')}"],
     contains="more than the memory budget")
case(4, "huge --features in aimc-ridge", [RIDGE, "--train", TRAIN,
     "--test", TEST, "--features", "1000000000"],
     contains="more than the weight budget")
case(4, "huge --batch-size in aimc-ridge", [RIDGE, "--train", TRAIN,
     "--test", TEST, "--features", "16", "--batch-size", "1000000000"],
     expect="any")

# 5. Chips.
for chips in ("1000000000", "9223372036854775807", "9223372036854775808",
              "-1", "0", "1e9", "x"):
    case(5, f"aimc-run --chips={chips}", [RUN, STATIC_N8, "--entry=f",
         f"--input={X16}", f"--output={path('o-ch.npy')}", "--policy=all",
         f"--chips={chips}"])
    case(5, f"aimc-ridge --chips {chips}", [RIDGE, "--train", TRAIN,
         "--test", TEST, "--features", "16", "--chips", chips])

# 6. Approximate sin/cos over the float32 range.
def check_trig(outputs):
    x = np.load(HUGE_VALUES).astype(np.float64)
    for out, ref in zip(outputs, (np.cos(x), np.sin(x))):
        y = np.load(path(out))
        if not np.max(np.abs(y - ref)) < 2e-7:
            return f"{out}: {y} vs {ref}"
    return None


for approx in ("true", "false"):
    case(6, f"sin and cos of huge arguments, approximate-math={approx}",
         [RUN, COS, "--entry=f", f"--input={HUGE_VALUES}",
          f"--output={path('cos.npy')}", f"--output={path('sin.npy')}",
          f"--approximate-math={approx}"], expect="ok",
         check=lambda: check_trig(("cos.npy", "sin.npy")))
case(6, "a training value of 1e20", [RIDGE, "--train", VALUE_1E20,
     "--test", VALUE_1E20, "--features", "16", "--chip", "ideal",
     "--json"], expect="ok", contains='"accuracy"', absent=("NaN",))

# 7. Overflows, NaN and inf.
for t in ("1e304", "inf", "nan", "-1", "1e11", "-0"):
    case(7, f"aimc-run --t-inference={t}", [RUN, STATIC_N8, "--entry=f",
         f"--input={X16}", f"--output={path('o-ti.npy')}", "--policy=all",
         f"--t-inference={t}"], expect="ok" if t == "-0" else "error")
    case(7, f"aimc-ridge --t-inference {t}", [RIDGE, "--train", TRAIN,
         "--test", TEST, "--features", "16", f"--t-inference={t}"],
         expect="ok" if t == "-0" else "error")
for chip in ('#aimc.chip<"hermes", cores = 9223372036854775807>',
             '#aimc.chip<"hermes", cores = 0>',
             '#aimc.chip<"hermes", rows = 9223372036854775807>',
             '#aimc.chip<"hermes", rows = 4611686018427387904, '
             'cols = 4611686018427387904>',
             '#aimc.chip<"hermes", adc_bits = 9223372036854775807>',
             '#aimc.chip<"hermes", input_range = 1e-323>',
             '#aimc.chip<"hermes", g_max = 1e400>',
             '#aimc.chip<"hermes", prog_noise_scale = nan>',
             '#aimc.chip<"nosuchchip">', '#aimc.chip<', 'hermes2'):
    case(7, f"aimc-run --chip={chip}", [RUN, STATIC_N8, "--entry=f",
         f"--input={X16}", f"--output={path('o-cp.npy')}", "--policy=all",
         f"--chip={chip}"], expect="any")
    case(7, f"aimc-ridge --chip {chip}", [RIDGE, "--train", TRAIN, "--test",
         TEST, "--features", "16", "--chip", chip], expect="any")
for row in ("9223372036854775807", "9223372036854775800", "-1",
            "4611686018427387904"):
    module = write(f"tile-{row}.mlir", placed_tile(row))
    case(7, f"aimc.tile at row {row}", [OPT, module, COMPILE, "-o",
         os.devnull])
for seed in ("-1", "18446744073709551616", "1.5"):
    case(7, f"aimc-run --seed={seed}", [RUN, STATIC_N8, "--entry=f",
         f"--input={X16}", f"--output={path('o-sd.npy')}", "--policy=all",
         f"--seed={seed}"])
for size in ("-1", "9223372036854775807", "99999999999999999999"):
    case(7, f"aimc-run --min-size={size}", [RUN, STATIC_N8, "--entry=f",
         f"--input={X16}", f"--output={path('o-ms.npy')}", "--policy=all",
         f"--min-size={size}"], expect="any")

# 8. The same output twice, or over an input.
PAIR_RUN = [RUN, PAIR, "--entry=pair", f"--input={X3}"]
case(8, "same output through ..", PAIR_RUN + [
    f"--output={path('d/p.npy')}", f"--output={path('d/../d/p.npy')}"],
    contains="are the same file")
case(8, "same output through a symbolic link", PAIR_RUN + [
    f"--output={path('d/p.npy')}", f"--output={path('d/link.npy')}"],
    contains="are the same file")
case(8, "same output through a hard link", PAIR_RUN + [
    f"--output={path('d/hard-a.npy')}", f"--output={path('d/hard-b.npy')}"],
    contains="are the same file")
case(8, "an output over the input", [RUN, PAIR, "--entry=pair",
     f"--input={path('x3-copy.npy')}", f"--output={path('x3-copy.npy')}",
     f"--output={path('d/q.npy')}"], expect="ok",
     check=("x3-copy.npy", (2, 3)))
case(8, "an output that is a directory", PAIR_RUN + [
    f"--output={path('d')}", f"--output={path('d/q3.npy')}"])
case(8, "an output in a missing directory", PAIR_RUN + [
    f"--output={path('missing/q.npy')}", f"--output={path('d/q4.npy')}"])
case(8, "too few outputs", PAIR_RUN + [f"--output={path('d/q5.npy')}"])
# Private device nodes stand in for /dev/full and /dev/null (where this may
# create them): a regression must not replace the system's.
try:
    os.mknod(path("full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    os.mknod(path("null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    open(path("null"), "wb").close()
    DEVICES = True
except OSError:
    DEVICES = False
if DEVICES:
    case(8, "an output on a full device", PAIR_RUN + [
        f"--output={path('full')}", f"--output={path('d/q6.npy')}"],
        contains="No space left on device",
        check=lambda: None if stat.S_ISCHR(os.stat(path("full")).st_mode)
        else "the device was replaced")
    case(8, "an output to a null device", PAIR_RUN + [
        f"--output={path('null')}", f"--output={path('d/q7.npy')}"],
        expect="ok", check=lambda: None if stat.S_ISCHR(
            os.stat(path("null")).st_mode) else "the device was replaced")
case(8, "an output to a FIFO", PAIR_RUN + [
    f"--output={path('fifo.npy')}", f"--output={path('d/q8.npy')}"],
    contains="not a regular file")

# 9. FIFOs and devices.
TWO_OUTPUTS = [f"--output={path('o-f1.npy')}", f"--output={path('o-f2.npy')}"]
case(9, "module from a FIFO", [RUN, path("fifo.mlir"), "--entry=pair",
     f"--input={X3}"] + TWO_OUTPUTS, contains="not a regular file")
case(9, "input from a FIFO", [RUN, PAIR, "--entry=pair",
     f"--input={path('fifo.npy')}"] + TWO_OUTPUTS,
     contains="not a regular file")
case(9, "input from /dev/zero", [RUN, PAIR, "--entry=pair",
     "--input=/dev/zero"] + TWO_OUTPUTS, contains="not a regular file")
case(9, "input that is a directory", [RUN, PAIR, "--entry=pair",
     f"--input={work}"] + TWO_OUTPUTS, contains="not a regular file")
case(9, "aimc-ridge --train FIFO", [RIDGE, "--train", path("fifo.svm"),
     "--test", TEST], contains="not a regular file")
case(9, "aimc-ridge --test FIFO", [RIDGE, "--train", TRAIN, "--test",
     path("fifo.svm")], contains="not a regular file")
case(9, "aimc-ridge --train /dev/zero", [RIDGE, "--train", "/dev/zero",
     "--test", TEST], contains="not a regular file")
case(9, "aimc-ridge --train /dev/stdin", [RIDGE, "--train", "/dev/stdin",
     "--test", TEST])

# 10. Sparse and malformed LIBSVM, CSV.
for data in (WIDE, INDEX_I64, INDEX_HUGE, INDEX_NEG, INDEX_FRAC, VALUE_HUGE,
             LABEL_HUGE, LABEL_NAN, EMPTY, COMMENTS, QID, BINARY, CSV_RAGGED,
             CSV_HEADER_ONLY):
    case(10, f"aimc-ridge --train {os.path.basename(data)}",
         [RIDGE, "--train", data, "--test", TEST, "--backend", "float"],
         expect="any" if data == QID else "error")
case(10, "a 200,000-feature line", [RIDGE, "--train", BIG_LINE, "--test",
     TEST, "--backend", "float", "--features", "16"], expect="any")
case(10, "a 300,000-column CSV", [RIDGE, "--train", CSV_WIDE, "--test",
     CSV_WIDE, "--backend", "float", "--features", "16"], expect="any")
case(10, "one class", [RIDGE, "--train", ONE_CLASS, "--test", TEST,
     "--backend", "float"])

# 11. Labels and parameters.
case(11, "labels beyond 2^53 stay distinct", [RIDGE, "--train", LABEL_BIG,
     "--test", LABEL_BIG, "--backend", "float", "--features", "16",
     "--json"], expect="ok", contains='"classes": 2')
case(11, "labels beyond 2^64 stay distinct", [RIDGE, "--train",
     LABEL_HUGE_INT, "--test", LABEL_HUGE_INT, "--backend", "float",
     "--features", "16", "--json"], expect="any", contains=None,
     absent=('"classes": 1',))
for option, value in (("--gamma", "1e300"), ("--gamma", "nan"),
                      ("--gamma", "inf"), ("--gamma", "-1"),
                      ("--gamma", "0"), ("--gamma", "1e-300"),
                      ("--alpha", "nan"), ("--alpha", "-1"),
                      ("--alpha", "inf"), ("--alpha", "1e300"),
                      ("--features", "0"), ("--features", "-1"),
                      ("--batch-size", "0"), ("--batch-size", "-1"),
                      ("--seed", "-1"), ("--seed", "99999999999999999999"),
                      ("--chip-seed", "-1")):
    expect = "any" if value in ("1e-300", "1e300") else "error"
    case(11, f"aimc-ridge {option} {value}", [RIDGE, "--train", TRAIN,
         "--test", TEST, "--features", "16", option, value], expect=expect)

CSV = write("rings.csv", "".join(
    f"{l},{a},{b}\n" for l, a, b in
    (line.replace(":", " ").split()[::2] for line in open(TRAIN))))
for option, value in (("--label-column", "99"), ("--label-column", "-99"),
                      ("--delimiter", "ab"), ("--delimiter", "")):
    case(11, f"aimc-ridge CSV {option} {value!r}", [RIDGE, "--train", CSV,
         "--test", CSV, "--features", "16", "--backend", "float", option,
         value])

# 12. Zero batches and empty sets; .npy inputs.
case(12, "aimc-ridge empty test set", [RIDGE, "--train", TRAIN, "--test",
     EMPTY, "--features", "16"])
for name in ("truncated.npy", "huge-shape.npy", "overflow-shape.npy",
             "negative-shape.npy", "object.npy", "big-endian.npy",
             "float64.npy", "int-dtype.npy", "header-garbage.npy",
             "header-len.npy", "not-npy.npy", "x16.npy"):
    case(12, f"aimc-run input {name}", [RUN, PAIR, "--entry=pair",
         f"--input={path(name)}", f"--output={path('o-np1.npy')}",
         f"--output={path('o-np2.npy')}"],
         expect="any" if name == "big-endian.npy" else "error")
X16_NAN = np.load(X16)
X16_NAN[0, :3] = (np.nan, np.inf, -np.inf)
X16_NAN[1, 0] = 3e38
X16_NAN = npy("x16-nan.npy", X16_NAN)
# The digital matmul propagates NaN; the chip refuses non-finite inputs.
for policy, expect in (("projections", "ok"), ("all", "error")):
    case(12, f"NaN and inf inputs, policy {policy}", [RUN, STATIC_N8,
         "--entry=f", f"--input={X16_NAN}", f"--output={path('o-nan.npy')}",
         f"--policy={policy}"], expect=expect,
         contains=None if expect == "ok" else "is not finite")

# Bad flags, pass pipelines and pass options: one "aimc-<tool>: error:" line.
for args, contains in (
        (["--chips=x"], "--chips: 'x' is not a valid integer"),
        (["--chips=99999999999999999999"], "is not a valid integer"),
        (["--seed=-1"], "--seed: '-1' is not a valid non-negative integer"),
        (["--seed=1.5"], "is not a valid non-negative integer"),
        (["--approximate-math=maybe"], "is not a boolean"),
        (["--json=2"], "is not a boolean"),
        (["--min-size=ten"], "--min-size: 'ten' is not a valid integer"),
        (["--bogus"], "unknown command line argument '--bogus'"),
        (["--chip"], "--chip: requires a value"),
        (["--t-inference=soon"], "is not a number of seconds"),
        (["--aimc-weight-budget=lots"], "is not a byte count"),
        ([STATIC_N8], "at most 1 positional argument"),
        ([], None)):
    # The bad flag last: LLVM takes the next argument as a missing value.
    argv = [RUN, STATIC_N8, "--entry=f", f"--input={X16}",
            f"--output={path('o-fl.npy')}"] + args if args else [RUN]
    case(12, f"aimc-run bad flag {' '.join(args) or '(no module)'}", argv,
         expect="flag",
         contains=contains or "not enough positional command line arguments")
for args, contains in (
        (["--bogus"], "unknown command line argument '--bogus'"),
        (["--aimc-weight-budget"], "--aimc-weight-budget: requires a value"),
        (["--aimc-weight-budget=lots"], "is not a byte count"),
        (["-o"], "-o: requires a value"),
        ([STATIC_N8], "at most 1 positional argument"),
        (["--mlir-print-op-generic=x"], "is not a boolean"),
        (["--ka-lower=foo"], "pass options: no such option foo"),
        (["--aimc-compile=chips=x"], "--chips: 'x' is not a valid integer"),
        (["--aimc-compile=bogus=1"], "pass options: no such option bogus"),
        (["--pass-pipeline=bogus"], "expected pass pipeline to be wrapped"),
        (["--pass-pipeline=builtin.module(nosuchpass)"],
         "'nosuchpass' does not refer to a registered pass")):
    output = ["-o", os.devnull] if args != ["-o"] else []
    case(12, f"aimc-opt bad flag {' '.join(args)}",
         [OPT, STATIC_N8] + output + args, expect="flag", contains=contains)
for args, contains in (
        (["--kernel", "poly"], "argument --kernel: invalid choice: 'poly'"),
        (["--chips", "x"], "argument --chips: invalid int value: 'x'"),
        (["--features", "1.5"], "invalid int value: '1.5'"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--train"], "expected one argument")):
    case(12, f"aimc-ridge bad flag {' '.join(args)}",
         [RIDGE, "--train", TRAIN, "--test", TEST] + args, expect="flag",
         contains=contains)
case(12, "aimc-ridge without --train", [RIDGE, "--test", TEST],
     expect="flag", contains="the following arguments are required: --train")
# A huge bad value (one argument may be 128 KiB) is quoted cut short, not
# echoed whole; rewording it once overflowed the stack (std::regex).
HUGE_VALUE = "x" * 60000
CUT = "'" + "x" * 200 + "...' (60000 characters)"
case(12, "aimc-run bad flag --chips=<60000 x>",
     [RUN, STATIC_N8, "--entry=f", f"--input={X16}",
      f"--output={path('o-fl.npy')}", "--chips=" + HUGE_VALUE],
     expect="flag", contains=f"--chips: {CUT} is not a valid integer")
case(12, "aimc-opt bad flag --aimc-compile=chips=<60000 x>",
     [OPT, STATIC_N8, "-o", os.devnull, "--aimc-compile=chips=" + HUGE_VALUE],
     expect="flag", contains=f"--chips: {CUT} is not a valid integer")
case(12, "aimc-opt bad flag --mlir-elide-elementsattrs-if-larger=<60000 x>",
     [OPT, STATIC_N8, "-o", os.devnull,
      "--mlir-elide-elementsattrs-if-larger=" + HUGE_VALUE],
     expect="flag", contains=f"{CUT} is not a valid non-negative integer")
# --help is unchanged: LLVM's and argparse's, exit 0.
for tool, usage in ((RUN, "USAGE: aimc-run"), (OPT, "USAGE: aimc-opt"),
                    (RIDGE, "usage: aimc-ridge")):
    case(12, f"{tool} --help", [tool, "--help"], expect="ok", contains=usage)

# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def limit_memory():
    # 16 GiB of address space bounds what a blow-up can take from the
    # machine; not under AddressSanitizer, which reserves terabytes.
    if "asan" not in os.environ.get("LD_PRELOAD", ""):
        resource.setrlimit(resource.RLIMIT_AS, (16 << 30, 16 << 30))


def outputs_of(argv):
    return [a.split("=", 1)[1] for a in argv if a.startswith("--output=")]


failures = 0
ran = 0
for c in CASES:
    label = f"[{c['item']}] {c['name']}"
    if only not in label:
        continue
    ran += 1
    argv = c["argv"]
    tool = shutil.which(argv[0])
    outs = [o for o in outputs_of(argv) if os.path.isfile(o)
            and not os.path.islink(o)]
    before = {o: os.stat(o).st_mtime_ns for o in outs}
    try:
        r = subprocess.run([tool] + argv[1:], capture_output=True,
                           timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                           preexec_fn=limit_memory)
        out = r.stdout.decode(errors="replace")
        err = r.stderr.decode(errors="replace")
        code = r.returncode
    except subprocess.TimeoutExpired:
        out, err, code = "", "timed out", None
    problems = []
    text = out + err
    if code is None:
        problems.append(f"hung for {TIMEOUT} s")
    elif code < 0:
        problems.append(f"killed by signal {-code}")
    elif code > 2 or (code == 2 and argv[0] != RIDGE):
        problems.append(f"exit {code}")
    signs = [s for s in CRASH_SIGNS + tuple(c["absent"]) if s in text]
    if signs:
        problems.append("crash signs " + ", ".join(map(repr, signs)))
    failed = code not in (None, 0) and code > 0
    if c["expect"] == "ok" and code != 0:
        problems.append(f"expected success, exit {code}")
    if c["expect"] in ("error", "flag") and code == 0:
        problems.append("expected an error, exit 0")
    if c["expect"] == "flag" and failed:
        lines = err.strip().splitlines()
        prefix = f"{argv[0]}: error: "
        if len(lines) != 1 or not lines[0].startswith(prefix):
            problems.append(f"not one {prefix!r} line")
    if failed and not CLEAN_ERROR.search(err):
        problems.append("no clean 'error:' line")
    if c["contains"] and c["contains"] not in text:
        problems.append(f"output lacks {c['contains']!r}")
    if failed:
        for o in outputs_of(argv):
            if os.path.isfile(o) and not os.path.islink(o) and (
                    o not in before or os.stat(o).st_mtime_ns != before[o]):
                problems.append(f"failed run wrote {o}")
    if code == 0 and isinstance(c["check"], tuple):
        name, shape = c["check"]
        got = np.load(path(name)).shape
        if got != shape:
            problems.append(f"{name} has shape {got}, expected {shape}")
    elif code == 0 and callable(c["check"]):
        problem = c["check"]()
        if problem:
            problems.append(problem)
    status = "FAIL" if problems else "ok"
    if problems:
        failures += 1
    if problems or verbose:
        first = (err.strip().splitlines() or [""])[-1][:300]
        print(f"{status} {label}: exit {code}; {'; '.join(problems)}"
              f"{chr(10) + '    ' + first if first else ''}", flush=True)
print(f"bad-inputs: {ran} cases, {failures} failed")
sys.exit(1 if failures else 0)
