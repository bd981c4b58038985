"""aimc-ridge: random-feature kernel ridge classification from the command
line (docs/Tools/aimc-ridge.md).

    aimc-ridge --train FILE --test FILE --kernel rbf --method orf \\
        --features 507 --gamma 0.05 --alpha 0.5 --backend aimc --chip hermes

Fits aimc.RandomFeatureRidgeClassifier on the training file, predicts the
test file and prints the test accuracy and, on the chip, the energy and
latency per inference. Errors print one line ``aimc-ridge: error: ...`` and
exit 1 (bad options: exit 2).
"""

import argparse
import json
import math
import sys
import time

import numpy as np

from . import _options, kamodels
from .datafiles import (DataFileError, check_dense_size, read_delimited,
                        read_libsvm)
from .ridge import BACKENDS, CHIPS, FIT_ON, RandomFeatureRidgeClassifier

FORMATS = ("auto", "libsvm", "csv")
#: gamma is an f32 attribute of the model and sqrt(2 gamma) scales it.
MAX_GAMMA = 1e38
#: The simulator's longest inference time (RunOptions.def, ExecutorConfig).
MAX_T_INFERENCE = _options.max_seconds("t_inference")
#: The rows of include/aimc/Runner/RunOptions.def behind --t-inference and
#: --chips (same flags, defaults and help as aimc-run's).
_T_INFERENCE = _options.BY_NAME["t_inference"]
_CHIPS = _options.BY_NAME["num_chips"]


class UsageError(Exception):
    """A problem with the command line found after parsing."""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse with a bad command line reported as one line,
    ``aimc-ridge: error: MESSAGE (see 'aimc-ridge --help')``, like aimc-run's
    and aimc-opt's, instead of the usage followed by the error."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} "
                     f"(see '{self.prog} --help')\n")


def _parser():
    p = _ArgumentParser(
        prog="aimc-ridge",
        description="Random-feature kernel ridge classification on the "
                    "simulated AIMC chip (or in float).")
    data = p.add_argument_group("data")
    data.add_argument("--train", required=True, metavar="FILE",
                      help="training data (LIBSVM or CSV, optionally .gz/.bz2)")
    data.add_argument("--test", required=True, metavar="FILE",
                      help="test data, same format")
    data.add_argument("--format", choices=FORMATS, default="auto",
                      help="file format; auto: csv for names ending in .csv "
                           "(before .gz/.bz2), else libsvm (default auto)")
    data.add_argument("--label-column", type=int, default=0, metavar="K",
                      help="CSV: column of the label, 0-based, negative from "
                           "the end (default 0)")
    data.add_argument("--delimiter", default=",", metavar="CHAR",
                      help="CSV: field separator (default ','; 'tab' for a "
                           "tab)")
    data.add_argument("--csv-header", action="store_true",
                      help="CSV: the first line is a header, skip it")
    data.add_argument("--zscore", action="store_true",
                      help="standardise every feature with the training "
                           "set's mean and standard deviation")
    model = p.add_argument_group("model")
    model.add_argument("--kernel", choices=tuple(kamodels.KERNELS),
                       default="rbf", help="kernel (default rbf)")
    model.add_argument("--method", choices=tuple(kamodels.METHODS),
                       default="rff", help="random features (default rff)")
    model.add_argument("--features", type=int, default=256, metavar="S",
                       help="number of random projections s (rbf gives 2s "
                            "features; default 256)")
    model.add_argument("--gamma", type=float, default=1.0,
                       help="RBF bandwidth in exp(-gamma |x-y|^2) "
                            "(default 1)")
    model.add_argument("--alpha", type=float, default=1.0,
                       help="ridge regularisation (default 1)")
    model.add_argument("--seed", type=int, default=0, metavar="N",
                       help="seed of the projection and of the chip's noise "
                            "(default 0)")
    run = p.add_argument_group("execution")
    run.add_argument("--backend", choices=BACKENDS, default="aimc",
                     help="aimc: the compiled model on the simulated chip; "
                          "float: numpy reference (default aimc)")
    run.add_argument("--fit-on", choices=FIT_ON, default="float",
                     help="aimc: features the readout is fitted on; float: "
                          "the float features, only inference on the chip "
                          "(the paper's protocol, a deployed model); chip: "
                          "the chip's own features (default float)")
    run.add_argument("--chip", default="hermes", metavar="CHIP",
                     help="simulated chip: a preset (" + ", ".join(CHIPS) +
                     ") or '#aimc.chip<...>' text (default hermes)")
    run.add_argument("--chip-seed", type=int, default=None, metavar="N",
                     help="seed of the chip's noise (default: --seed)")
    run.add_argument("--" + _T_INFERENCE["flag"], type=float,
                     default=_T_INFERENCE["default"], metavar="SECONDS",
                     help=f"{_T_INFERENCE['help']} (default "
                          f"{_T_INFERENCE['default']:g})")
    run.add_argument("--batch-size", type=int, default=256, metavar="B",
                     help="rows per compiled call (default 256)")
    run.add_argument("--" + _CHIPS["flag"], type=int,
                     default=_CHIPS["default"], metavar="N",
                     help=f"{_CHIPS['help']} (default {_CHIPS['default']})")
    p.add_argument("--json", action="store_true",
                   help="print the results as JSON")
    return p


def _check_args(args):
    """Option values the parser's types do not already rule out."""
    for option, value in (("--features", args.features),
                          ("--batch-size", args.batch_size),
                          ("--chips", args.chips)):
        if value < 1:
            raise UsageError(f"{option} must be >= 1, got {value}")
    for option, value in (("--seed", args.seed),
                          ("--chip-seed", args.chip_seed)):
        if value is not None and not 0 <= value < 2**63:
            raise UsageError(f"{option} must be in [0, 2^63), got {value}")
    if not (math.isfinite(args.alpha) and args.alpha >= 0):
        raise UsageError(f"--alpha must be finite and >= 0, got {args.alpha}")
    if not (math.isfinite(args.gamma) and args.gamma > 0):
        raise UsageError(f"--gamma must be finite and > 0, got {args.gamma}")
    if args.gamma > MAX_GAMMA:
        raise UsageError(f"--gamma must be at most {MAX_GAMMA:g} (the model "
                         f"computes in float32), got {args.gamma:g}")
    if not (math.isfinite(args.t_inference) and args.t_inference >= 0):
        raise UsageError(f"--t-inference must be finite and >= 0 seconds, "
                         f"got {args.t_inference}")
    if args.t_inference > MAX_T_INFERENCE:
        raise UsageError(f"--t-inference must be at most {MAX_T_INFERENCE:g} "
                         f"seconds (about 317 years; the drift model ends "
                         f"there), got {args.t_inference:g}")


def _format_of(path, requested):
    if requested != "auto":
        return requested
    base = path
    for suffix in (".gz", ".bz2"):
        if base.endswith(suffix):
            base = base[:-len(suffix)]
    return "csv" if base.lower().endswith(".csv") else "libsvm"


def _read(path, args):
    if _format_of(path, args.format) == "csv":
        delimiter = "\t" if args.delimiter == "tab" else args.delimiter
        if len(delimiter) != 1:
            raise UsageError(f"--delimiter must be one character or 'tab', "
                             f"got {args.delimiter!r}")
        return read_delimited(path, args.label_column, delimiter,
                              args.csv_header)
    return read_libsvm(path)


def _load(args):
    y_train, x_train = _read(args.train, args)
    y_test, x_test = _read(args.test, args)
    # LIBSVM rows may leave trailing features out: widen to the larger file.
    if _format_of(args.train, args.format) == "libsvm" and \
            _format_of(args.test, args.format) == "libsvm":
        width = max(x_train.shape[1], x_test.shape[1])
        check_dense_size(x_train.shape[0], width, args.train)
        check_dense_size(x_test.shape[0], width, args.test)
        x_train = np.pad(x_train, ((0, 0), (0, width - x_train.shape[1])))
        x_test = np.pad(x_test, ((0, 0), (0, width - x_test.shape[1])))
    if x_train.shape[1] != x_test.shape[1]:
        raise UsageError(f"{args.test} has {x_test.shape[1]} features, but "
                         f"{args.train} has {x_train.shape[1]}")
    y_train, y_test = _common_labels(y_train, y_test, args)
    if args.zscore:
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        std[std == 0] = 1.0
        x_train, x_test = (x_train - mean) / std, (x_test - mean) / std
    return x_train, y_train, x_test, y_test


def _common_labels(y_train, y_test, args):
    """Both label arrays in one type: integers and floats compare as floats
    when that is exact, anything else as text."""
    kinds = {y_train.dtype.kind, y_test.dtype.kind}
    if len(kinds) == 1:
        return y_train, y_test
    if kinds == {"i", "f"}:
        ints = y_train if y_train.dtype.kind == "i" else y_test
        if np.all(np.abs(ints) <= 2**53):
            return y_train.astype(np.float64), y_test.astype(np.float64)
        raise UsageError(f"{args.train} and {args.test} mix integer labels "
                         f"beyond 2^53 with non-integer ones, which cannot "
                         f"be compared exactly")
    return y_train.astype(str), y_test.astype(str)


def _results(args, clf, data, fit_seconds, predict_seconds, accuracy):
    x_train, y_train, x_test, _ = data
    out = {
        "train": {"file": args.train, "rows": x_train.shape[0],
                  "features": x_train.shape[1],
                  "classes": len(clf.classes_)},
        "test": {"file": args.test, "rows": x_test.shape[0]},
        "model": {"kernel": args.kernel, "method": args.method,
                  "projections": args.features,
                  "features": kamodels.num_output_features(args.kernel,
                                                           args.features),
                  "gamma": args.gamma, "alpha": args.alpha,
                  "seed": args.seed},
        "backend": args.backend,
        "accuracy": accuracy,
        "fit_time_s": fit_seconds,
        "predict_time_s": predict_seconds,
    }
    if args.backend == "aimc":
        r = clf.last_report_
        out["fit_on"] = args.fit_on
        out["chip"] = {"name": args.chip,
                       "seed": args.seed if args.chip_seed is None
                       else args.chip_seed,
                       "t_inference_s": args.t_inference,
                       "batch": clf.batch_, "tiles": clf.session_.num_tiles}
        out["per_inference"] = {
            "energy_j": r["energy_per_inference_j"],
            "analog_energy_j": r["analog_energy_j"] / r["executed_rows"],
            "digital_energy_j": r["digital_energy_j"] / r["executed_rows"],
            "latency_s": r["latency_per_inference_s"],
            "mvms": r["mvms_per_inference"],
        }
        out["executed_rows"] = r["executed_rows"]
    return out


def _print_text(out):
    m, tr, te = out["model"], out["train"], out["test"]
    lines = [
        "aimc-ridge results",
        f"  model:     {m['kernel']} kernel, {m['method']}, s = "
        f"{m['projections']} projections ({m['features']} features), "
        f"gamma {m['gamma']:g}, alpha {m['alpha']:g}, seed {m['seed']}",
        f"  train:     {tr['file']} ({tr['rows']} x {tr['features']}, "
        f"{tr['classes']} classes)",
        f"  test:      {te['file']} ({te['rows']} rows)",
    ]
    if out["backend"] == "aimc":
        c, p = out["chip"], out["per_inference"]
        lines += [
            f"  backend:   aimc, {c['name']} chip (chip seed {c['seed']}, "
            f"t_inference {c['t_inference_s']:g} s), {c['tiles']} crossbar "
            f"tile(s), batch {c['batch']}",
            f"  readout:   fitted on the {out['fit_on']} features of the "
            f"training rows",
            f"  accuracy:  {out['accuracy']:.4f}",
            f"  energy:    {p['energy_j']:.4g} J per inference (analog "
            f"{p['analog_energy_j']:.4g} J, digital "
            f"{p['digital_energy_j']:.4g} J)",
            f"  latency:   {p['latency_s']:.4g} s per inference",
            f"  MVMs:      {p['mvms']:g} per inference",
        ]
    else:
        lines += [
            "  backend:   float (numpy reference; no chip energy or latency)",
            f"  accuracy:  {out['accuracy']:.4f}",
        ]
    lines.append(f"  host time: fit {out['fit_time_s']:.3f} s, predict "
                 f"{out['predict_time_s']:.3f} s")
    print("\n".join(lines))


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (DataFileError, UsageError, ValueError, RuntimeError,
            OverflowError) as e:
        print(f"aimc-ridge: error: {e}", file=sys.stderr)
    except MemoryError:
        print("aimc-ridge: error: out of memory (the data or the model is "
              "too large for this machine)", file=sys.stderr)
    except OSError as e:
        print(f"aimc-ridge: error: {e}", file=sys.stderr)
    except Exception as e:  # pylint: disable=broad-except
        # Never a raw traceback: an unexpected failure still gets one line.
        print(f"aimc-ridge: error: internal error: {type(e).__name__}: {e}",
              file=sys.stderr)
    return 1


def _run(args):
    _check_args(args)
    data = _load(args)
    clf = RandomFeatureRidgeClassifier(
        kernel=args.kernel, method=args.method, n_features=args.features,
        gamma=args.gamma, alpha=args.alpha, backend=args.backend,
        fit_on=args.fit_on, chip=args.chip, t_inference=args.t_inference, seed=args.seed,
        chip_seed=args.chip_seed, batch_size=args.batch_size,
        num_chips=args.chips)
    x_train, y_train, x_test, y_test = data
    start = time.perf_counter()
    clf.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    accuracy = clf.score(x_test, y_test)
    predict_seconds = time.perf_counter() - start
    out = _results(args, clf, data, fit_seconds, predict_seconds, accuracy)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        _print_text(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
