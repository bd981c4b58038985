#!/usr/bin/env python3
"""Two aimc.Sessions in two threads against the same work done serially.

Generated code reaches its chip through its own module's handle (no
process-wide current chip, no lock in the Python bindings), so two sessions
run in parallel. This prints the wall time of N calls on each of two
sessions, first one session after the other, then in two threads, and the
ratio parallel / serial (the goal: <= 0.6 on two cores; 0.5 is perfect).
BLAS is single-threaded (OPENBLAS_NUM_THREADS=1, set before numpy loads) and
batches of 64 rows keep the simulator on one thread per call, so each
session uses one core.

    PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/parallel_sessions.py

Options: --calls N (per session, default 40), --repeats R (best of R,
default 3), --chip CHIP (default hermes). It also prints how many cores
the process got while the threads ran (on a busy machine fewer than two:
then the ratio cannot reach 0.5).
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import aimc  # noqa: E402

B, D, S = 64, 512, 2048

MODEL = f"""\
func.func @features(%x: tensor<{B}x{D}xf32>) -> tensor<{B}x{2 * S}xf32> {{
  %o = ka.sample_projection gaussian seed(3) : tensor<{S}x{D}xf32>
  %z = ka.projection %x, %o : (tensor<{B}x{D}xf32>, tensor<{S}x{D}xf32>) -> tensor<{B}x{S}xf32>
  %phi = ka.rff %z gamma(0.05) : tensor<{B}x{S}xf32> -> tensor<{B}x{2 * S}xf32>
  return %phi : tensor<{B}x{2 * S}xf32>
}}
"""


def run_calls(session, x, calls):
    for _ in range(calls):
        session.run("features", [x])


def measure(sessions, x, calls):
    start = time.perf_counter()
    for session in sessions:
        run_calls(session, x, calls)
    serial = time.perf_counter() - start
    threads = [threading.Thread(target=run_calls, args=(s, x, calls))
               for s in sessions]
    start = time.perf_counter()
    cpu = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return serial, parallel, cpu / parallel


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chip", default="hermes")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.repeats < 1:
        parser.error("--calls and --repeats must be >= 1")
    x = np.random.default_rng(0).standard_normal((B, D)).astype(np.float32)
    sessions = [aimc.Session(MODEL, chip=args.chip, seed=i) for i in (1, 2)]
    for s in sessions:  # first call: calibration
        s.run("features", [x])
    best = None
    for _ in range(args.repeats):
        result = measure(sessions, x, args.calls)
        if best is None or result[1] / result[0] < best[1] / best[0]:
            best = result
    serial, parallel, cores = best
    print(f"model: {B}x{D} inputs, {S}x{D} projection on "
          f"{sessions[0].num_tiles} tiles, RFF features; chip {args.chip}")
    print(f"2 sessions x {args.calls} calls, best of {args.repeats}, "
          f"os.cpu_count() = {os.cpu_count()}")
    print(f"serial:   {serial:.3f} s")
    print(f"parallel: {parallel:.3f} s (two threads)")
    print(f"CPU time / wall time in the threads: {cores:.2f} cores (a "
          f"loaded machine gives the process less than 2)")
    print(f"ratio parallel / serial: {parallel / serial:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
