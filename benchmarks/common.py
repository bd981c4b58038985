"""Shared pieces of aimc's benchmarks (paper_table.py, fashion_mnist.py,
speed.py): locating the package and the data, exact kernels and the kernel
approximation error, the float random-feature pipeline in numpy, the H200
reference file, markdown tables and atomic output files.

Every function here is deterministic; nothing draws random numbers except
through an explicit seed.
"""

import contextlib
import csv
import io
import json
import math
import os
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNELS = ("rbf", "arccos0", "arccos1")
METHODS = ("rff", "orf", "sorf")


class BenchError(Exception):
    """Bad input to a benchmark (option, data or reference file)."""


def import_aimc():
    """Imports the aimc package: the compiled one on PYTHONPATH (e.g.
    build/python-bindings) if there is one, else the pure-Python part in the
    source tree (datasets only)."""
    src = os.path.join(REPO, "python-bindings")
    if src not in sys.path:
        sys.path.append(src)
    import aimc  # noqa: E402
    return aimc


def require_classifier(aimc):
    """The compiled classifier, or a BenchError saying how to get it."""
    if not hasattr(aimc, "RandomFeatureRidgeClassifier"):
        raise BenchError(
            "aimc.RandomFeatureRidgeClassifier is not available: build aimc "
            "(scripts/build.sh build) and run with "
            "PYTHONPATH=build/python-bindings (imported aimc from "
            f"{os.path.dirname(aimc.__file__)})")
    return aimc.RandomFeatureRidgeClassifier


def default_t_inference(aimc):
    """The classifier's default time between programming and inference."""
    return float(require_classifier(aimc)().get_params()["t_inference"])


# ---------------------------------------------------------------------------
# Kernels and their random-feature approximations.
# ---------------------------------------------------------------------------

def paper_features(n, d):
    """The paper's number of random features s = floor(2^n d) - n."""
    return int(math.floor(2 ** n * d)) - n


def exact_kernel(kernel, x, gamma):
    """The exact kernel matrix K(x, x) in float64.

    rbf: exp(-gamma |x - y|^2); arccos0: 1 - theta / pi; arccos1:
    |x| |y| (sin theta + (pi - theta) cos theta) / pi (Cho & Saul 2009)."""
    x = np.asarray(x, dtype=np.float64)
    if kernel == "rbf":
        sq = np.einsum("ij,ij->i", x, x)
        d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (x @ x.T), 0.0)
        return np.exp(-gamma * d2)
    if kernel in ("arccos0", "arccos1"):
        norms = np.linalg.norm(x, axis=1)
        safe = np.where(norms > 0, norms, 1.0)
        cos = np.clip((x @ x.T) / np.outer(safe, safe), -1.0, 1.0)
        theta = np.arccos(cos)
        if kernel == "arccos0":
            return 1.0 - theta / np.pi
        return np.outer(norms, norms) * (np.sin(theta) + (np.pi - theta) * cos) / np.pi
    raise BenchError(f"unknown kernel {kernel!r}; known: {', '.join(KERNELS)}")


def kernel_error(k_exact, features):
    """Relative Frobenius error ||K - Phi Phi^T||_F / ||K||_F."""
    phi = np.asarray(features, dtype=np.float64)
    return float(np.linalg.norm(k_exact - phi @ phi.T) / np.linalg.norm(k_exact))


def feature_map(kernel, projected, gamma=None):
    """Random features from the projection z = x Omega^T (rows of Omega drawn
    from N(0, I), s = z.shape[1]), such that phi(x) . phi(y) ~ k(x, y):

    rbf: [cos(sqrt(2 gamma) z), sin(sqrt(2 gamma) z)] / sqrt(s);
    arccos0: sqrt(2 / s) H(z);
    arccos1: sqrt(2 / s) max(z, 0). The same features as the classifier's
    float reference (aimc.kamodels.float_features, float64 only); here the
    dtype of z is kept, so the speed benchmark can time a float32 pipeline."""
    s = projected.shape[1]
    if kernel == "rbf":
        arg = projected * projected.dtype.type(math.sqrt(2.0 * gamma))
        out = np.empty((projected.shape[0], 2 * s), dtype=projected.dtype)
        np.cos(arg, out=out[:, :s])
        np.sin(arg, out=out[:, s:])
        out *= projected.dtype.type(1.0 / math.sqrt(s))
        return out
    scale = projected.dtype.type(math.sqrt(2.0 / s))
    if kernel == "arccos0":
        return (projected > 0).astype(projected.dtype) * scale
    if kernel == "arccos1":
        return np.maximum(projected, 0) * scale
    raise BenchError(f"unknown kernel {kernel!r}; known: {', '.join(KERNELS)}")


class RidgeProblem:
    """Closed-form ridge regression with an intercept (regularised like the
    weights, as in the paper's code): W = (A^T A + alpha I)^-1 A^T Y with
    A = [1, Phi]. The Gram matrix is formed once, so several alphas cost one
    Cholesky solve each. targets: (n,) or (n, k)."""

    def __init__(self, features, targets):
        phi = np.asarray(features)
        y = np.asarray(targets, dtype=np.float64)
        y = y[:, None] if y.ndim == 1 else y
        n, s = phi.shape
        gram = np.empty((s + 1, s + 1))
        gram[1:, 1:] = phi.T @ phi
        colsum = phi.sum(axis=0, dtype=np.float64)
        gram[0, 1:] = colsum
        gram[1:, 0] = colsum
        gram[0, 0] = n
        self.gram = gram
        self.rhs = np.vstack([y.sum(axis=0, keepdims=True),
                              phi.T.astype(np.float64) @ y])

    def solve(self, alpha):
        """Rows [bias, weights...], one per target column."""
        import scipy.linalg
        g = self.gram.copy()
        g[np.diag_indices(len(g))] += alpha
        return scipy.linalg.solve(g, self.rhs, assume_a="pos").T


def ridge_fit(features, targets, alpha):
    """RidgeProblem(features, targets).solve(alpha)."""
    return RidgeProblem(features, targets).solve(alpha)


def ridge_decision(features, w):
    """Decision values [1, Phi] W^T: (n, k)."""
    return features @ w[:, 1:].T.astype(features.dtype) + w[:, 0].astype(features.dtype)


def predict_labels(scores):
    """Binary: round(clamp(y, 0, 1)); more classes: argmax."""
    scores = np.asarray(scores)
    if scores.ndim == 1 or scores.shape[1] == 1:
        return np.round(np.clip(scores.reshape(-1), 0.0, 1.0))
    return np.argmax(scores, axis=1)


def one_hot(labels, classes):
    out = np.zeros((len(labels), classes))
    out[np.arange(len(labels)), labels] = 1.0
    return out


class NumpyRandomFeatureRidge:
    """The float random-feature ridge pipeline written directly in numpy, on
    a given projection Omega (s x d): projection, feature map,
    closed-form ridge, argmax / round-clamp. This is the digital baseline the
    benchmarks compare the compiled classifier with."""

    def __init__(self, kernel, omega, gamma, alpha, dtype=np.float64):
        self.kernel, self.gamma, self.alpha = kernel, gamma, alpha
        self.dtype = dtype
        self.omega_t = np.ascontiguousarray(np.asarray(omega, dtype=dtype).T)
        self.w = None
        self.classes = None

    def transform(self, x):
        z = np.asarray(x, dtype=self.dtype) @ self.omega_t
        return feature_map(self.kernel, z, self.gamma)

    def fit(self, x, y):
        y = np.asarray(y)
        self.classes = np.unique(y)
        binary = len(self.classes) <= 2 and set(self.classes) <= {0, 1}
        targets = y.astype(np.float64) if binary else one_hot(
            np.searchsorted(self.classes, y), len(self.classes))
        self.w = ridge_fit(self.transform(x), targets, self.alpha)
        return self

    def decision_function(self, x):
        return ridge_decision(self.transform(x), self.w)

    def predict(self, x):
        p = predict_labels(self.decision_function(x))
        return p if self.w.shape[0] == 1 else self.classes[p]

    def score(self, x, y):
        return float(np.mean(self.predict(x) == np.asarray(y)))


# ---------------------------------------------------------------------------
# The H200 digital baseline (../shared/reference/gpu-h200-projection.jsonl).
# ---------------------------------------------------------------------------

def default_reference_path():
    env = os.environ.get("AIMC_REFERENCE")
    if env:
        return os.path.join(env, "gpu-h200-projection.jsonl")
    return os.path.normpath(os.path.join(REPO, "..", "shared", "reference",
                                         "gpu-h200-projection.jsonl"))


def read_gpu_reference(path):
    """Reads the H200 file: (header dict, list of measurement dicts). Lines
    with an 'error' key (failed runs) are kept with their error."""
    if not os.path.exists(path):
        raise BenchError(f"{path}: file not found")
    header, rows = {}, []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise BenchError(f"{path}:{lineno}: not JSON: {e.msg} "
                                 f"(column {e.colno})") from None
            if not isinstance(obj, dict):
                raise BenchError(f"{path}:{lineno}: expected a JSON object")
            if "label" not in obj:
                header.update(obj)
                continue
            if "error" not in obj:
                for key in ("n", "d", "s", "dtype", "sec_per_batch",
                            "joule_per_batch"):
                    if key not in obj:
                        raise BenchError(f"{path}:{lineno}: missing {key!r}")
                for key in ("n", "d", "s", "sec_per_batch", "joule_per_batch"):
                    v = obj[key]
                    if not isinstance(v, (int, float)) or not v > 0:
                        raise BenchError(f"{path}:{lineno}: {key} = {v!r} is not "
                                         "a positive number")
            obj["line"] = lineno
            rows.append(obj)
    if not rows:
        raise BenchError(f"{path}: no measurements")
    return header, rows


def gpu_measurements(path, n, d, s):
    """The successful measurements of shape n x d by d x s, by dtype."""
    _, rows = read_gpu_reference(path)
    found = {r["dtype"]: r for r in rows
             if "error" not in r and (r["n"], r["d"], r["s"]) == (n, d, s)}
    if not found:
        raise BenchError(f"{path}: no measurement of shape n={n} d={d} s={s}")
    return found


# ---------------------------------------------------------------------------
# Output: atomic files, tables, cached runs.
# ---------------------------------------------------------------------------

def write_atomic(path, data, mode="w"):
    """Writes a file completely or not at all (temporary file + rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path),
                               suffix=".tmp")
    try:
        with os.fdopen(fd, mode + ("b" if isinstance(data, bytes) else "")) as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_figure_atomic(fig, path, **kwargs):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **kwargs)
    write_atomic(path, buf.getvalue())


def csv_text(rows, columns):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore",
                       lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def markdown_table(header, rows, align=None):
    """A GitHub markdown table; align: string of 'l'/'r' per column."""
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def text_table(header, rows):
    """A plain-text table for the terminal."""
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                              for i, (c, w) in enumerate(zip(r, widths)))
    out = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    out += [fmt(r) for r in cells[1:]]
    return "\n".join(out) + "\n"


class RunCache:
    """One JSON file per finished configuration under `folder`, written
    atomically, so an interrupted benchmark continues where it stopped. A
    cached entry is used only if its stored `params` equal the requested
    ones; otherwise the configuration runs again."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def path(self, key):
        return os.path.join(self.folder, key + ".json")

    def get(self, key, params):
        p = self.path(key)
        if not os.path.exists(p):
            return None
        try:
            with open(p) as f:
                entry = json.load(f)
        except (OSError, json.JSONDecodeError):
            return None  # a damaged entry is recomputed
        if not isinstance(entry, dict) or entry.get("params") != params:
            return None
        return entry.get("result")

    def put(self, key, params, result):
        write_atomic(self.path(key), json.dumps(
            {"params": params, "result": result}, sort_keys=True) + "\n")


def add_output_options(parser, smoke_help):
    """--out and --smoke, common to every benchmark."""
    parser.add_argument("--out", default=None,
                        help="output folder (default docs/results; "
                             "build/bench-smoke with --smoke)")
    parser.add_argument("--smoke", action="store_true", help=smoke_help)


def add_sweep_options(parser):
    """--jobs and --scheduler: where a sweep benchmark's tasks run
    (aimc.sweep; docs/Scaling.md)."""
    parser.add_argument("--jobs", type=int, default=1,
                        help="1 (default): run in this process; N > 1: on an "
                             "embedded Dask cluster of N local worker processes")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on the Dask scheduler at ADDRESS "
                             "(tcp://HOST:PORT) and its workers "
                             "(docs/Scaling.md)")


def check_sweep_options(a):
    if a.jobs < 1:
        raise BenchError("--jobs must be at least 1")
    if a.scheduler is not None and a.jobs != 1:
        raise BenchError("--jobs and --scheduler exclude each other (the "
                         "scheduler's workers run the tasks)")


def sweep_target(a):
    """(client, jobs, description) for aimc.sweep.run from --jobs and
    --scheduler."""
    if a.scheduler:
        return a.scheduler, None, f"the Dask scheduler {a.scheduler}"
    if a.jobs == 1:
        return "serial", None, "this process"
    return None, a.jobs, f"{a.jobs} local Dask workers"


def check_model_options(a):
    """--gamma > 0, --alpha >= 0 and --t-inference >= 0 (when given)."""
    if not (a.gamma > 0 and np.isfinite(a.gamma)):
        raise BenchError("--gamma must be positive")
    if not (a.alpha >= 0 and np.isfinite(a.alpha)):
        raise BenchError("--alpha must be non-negative")
    if a.t_inference is not None and not (a.t_inference >= 0 and
                                          np.isfinite(a.t_inference)):
        raise BenchError("--t-inference must be finite and >= 0")


def openblas_coretype():
    """The OpenBLAS kernel set forced by OPENBLAS_CORETYPE ("" if unset:
    OpenBLAS picks by CPU)."""
    return os.environ.get("OPENBLAS_CORETYPE", "").strip()


def coretype_suffix():
    """File-name suffix of a timing benchmark's results: "" for OpenBLAS's
    own choice or SkylakeX (AVX-512, this project's machines), "-haswell"
    etc. for another forced kernel set, so both runs are kept side by
    side."""
    core = openblas_coretype()
    return "" if core.lower() in ("", "skylakex") else "-" + core.lower()


def timing_command(script, argv):
    """The command line of a timing benchmark, with OPENBLAS_CORETYPE."""
    core = openblas_coretype()
    prefix = f"OPENBLAS_CORETYPE={core} " if core else ""
    return (prefix + "PYTHONPATH=build/python-bindings /usr/bin/python3 "
            f"benchmarks/{script} " + " ".join(argv)).strip()


def load_average():
    """The 1-minute load average (None where the OS has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def load_note(start, end):
    """A sentence on the machine's load during a timing run."""
    if start is None or end is None:
        return ""
    return (f"Load average (1 min) {start:.1f} at the start and {end:.1f} at "
            f"the end of the run, on {os.cpu_count()} CPUs (the machine may "
            "be shared: the ratios, measured side by side, are what count).")


def run_timing_benchmark(stem, out, run, items, markdown):
    """The shared tail of a timing benchmark: runs run(item) for every item,
    then writes <stem><core type suffix>.md (markdown(results, elapsed
    seconds, (load at the start, load at the end))) and .json into out."""
    t0 = time.perf_counter()
    load_start = load_average()
    results = [run(item) for item in items]
    elapsed = time.perf_counter() - t0
    load = (load_start, load_average())
    name = stem + coretype_suffix()
    write_atomic(os.path.join(out, name + ".md"),
                 markdown(results, elapsed, load))
    write_atomic(os.path.join(out, name + ".json"),
                 json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"{stem}: wrote {out}/{name}.md and {name}.json")
    return results


def default_out(smoke):
    """docs/results, or build/bench-smoke for --smoke runs (which must not
    overwrite the committed results)."""
    if smoke:
        return os.path.join(REPO, "build", "bench-smoke")
    return os.path.join(REPO, "docs", "results")


def parse_list(text, what, allowed=None, convert=str):
    """Parses a comma-separated option value."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise BenchError(f"--{what}: empty list")
    out = []
    for t in items:
        try:
            v = convert(t)
        except ValueError:
            raise BenchError(f"--{what}: {t!r} is not a valid value") from None
        if allowed is not None and v not in allowed:
            raise BenchError(f"--{what}: unknown {t!r}; known: "
                             f"{', '.join(map(str, allowed))}")
        out.append(v)
    return out


def parse_seeds(text):
    """'10' -> seeds 0..9; '3,5,7' -> those seeds; '2-4' -> 2, 3, 4."""
    text = text.strip()
    try:
        if text.isdigit():
            n = int(text)
            if n < 1:
                raise BenchError("--seeds: need at least one seed")
            return list(range(n))
        if "-" in text and "," not in text:
            lo, hi = (int(t) for t in text.split("-"))
            if hi < lo or lo < 0:
                raise ValueError
            return list(range(lo, hi + 1))
        return [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise BenchError(f"--seeds: {text!r} is not a count, a list a,b,c or "
                         "a range a-b of non-negative integers") from None


def main_guard(fn):
    """Runs a benchmark's main, turning bad input (BenchError, a broken or
    missing data file, an error aimc's compiler or chip reports) into a
    one-line diagnostic and exit status 1."""
    aimc = import_aimc()
    expected = [BenchError, aimc.datasets.DatasetError]
    error = getattr(aimc, "__dict__", {}).get("Error")
    if isinstance(error, type):
        expected.append(error)
    try:
        return fn()
    except tuple(expected) as e:
        print(f"{os.path.basename(sys.argv[0])}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{os.path.basename(sys.argv[0])}: interrupted", file=sys.stderr)
        return 130
