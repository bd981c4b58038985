#!/usr/bin/python3
# ===- scripts/mutation_check.py - does the suite kill source mutants? ---=== #
#
# Part of the aimc project. Driven by scripts/mutation-check.sh; see there
# for usage. Reads scripts/mutants.txt, checks that every search text occurs
# exactly once (fails loudly otherwise), copies the tree to a scratch
# directory, builds it once, then for each mutant: applies it, rebuilds
# incrementally (ccache), runs the ordinary CTest suite in stages, stopping at
# the first failure (unit tests, then Python tests, then lit with at most one
# failure), restores the file, and records killed / survived. Writes a
# Markdown table to docs/results/mutation.md of the source tree.
#
# ===--------------------------------------------------------------------=== #
import argparse
import signal
import datetime
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_mutants(path):
    mutants, current = [], None
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.fullmatch(r"\[([A-Za-z0-9_.+-]+)\]", line.strip())
            if m:
                current = {"name": m.group(1), "line": number}
                mutants.append(current)
                continue
            m = re.fullmatch(r"(file|search|replace) = (.*)", line)
            if not m or current is None:
                sys.exit(f"{path}:{number}: expected [name] or "
                         f"'file|search|replace = ...', got {line!r}")
            current[m.group(1)] = m.group(2).replace("\\n", "\n")
    names = set()
    for mu in mutants:
        for key in ("file", "search", "replace"):
            if key not in mu:
                sys.exit(f"{path}:{mu['line']}: mutant {mu['name']} has no "
                         f"'{key} ='")
        if mu["name"] in names:
            sys.exit(f"{path}:{mu['line']}: duplicate mutant {mu['name']}")
        names.add(mu["name"])
    return mutants


def check_mutants(mutants, root):
    """Every search text occurs exactly once in its file."""
    problems = []
    for mu in mutants:
        path = os.path.join(root, mu["file"])
        if not os.path.exists(path):
            problems.append(f"{mu['name']}: {mu['file']} does not exist")
            continue
        with open(path) as f:
            count = f.read().count(mu["search"])
        if count != 1:
            problems.append(f"{mu['name']}: search text occurs {count} times "
                            f"in {mu['file']} (must be exactly once): "
                            f"{mu['search']!r}")
    if problems:
        sys.exit("mutation-check: the mutant list is out of date:\n  " +
                 "\n  ".join(problems))


def run(cmd, cwd, log, timeout=None, env=None):
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=out,
                                  stderr=subprocess.STDOUT, timeout=timeout,
                                  env=env).returncode
        except subprocess.TimeoutExpired:
            out.write("TIMEOUT\n")
            return "timeout"


# The ordinary CTest suite in stages, cheapest and most sensitive first; a
# mutant is killed by the first failing stage:
#  1. unit: the GoogleTest executables (the tests CTest discovers one by one
#     in them), built alone first so that a mutant they kill costs no full
#     build; run directly with --gtest_fail_fast, the executable of the
#     mutated library first;
#  2. python: CTest's quick python-* tests (see slow_python_tests);
#  3. other: every remaining CTest test but lit (e.g. aimc-docs-up-to-date);
#  4. lit: CTest's aimc-lit, stopping at its first failure;
#  5. python: the slow python-* tests (benchmarks, conformance suites).
UNIT_TESTS = ["AIMCExecutorTests", "AIMCDialectTests", "AIMCKATests",
              "AIMCRunnerTests", "AIMCChipTests", "AIMCSamplingTests",
              "AIMCSupportTests", "AIMCNpyTests"]
FIRST_UNIT = {"lib/Executor": "AIMCExecutorTests",
              "lib/Dialect/AIMC": "AIMCDialectTests",
              "lib/Dialect/KA": "AIMCKATests",
              "lib/Runner": "AIMCRunnerTests",
              "lib/Chip": "AIMCChipTests"}


def first_failure(log, start):
    """The first failing test named in the log after offset `start`."""
    with open(log, errors="replace") as f:
        f.seek(start)
        text = f.read()
    for pattern in (r"\[  FAILED  \] (?P<name>[^\s,]+)",
                    r"FAIL: AIMC :: (?P<name>\S+)",
                    r"Test +#\d+: (?P<name>\S+) \.*\*\*\*(Failed|Timeout)",
                    r"(FAIL|ERROR): (?P<name>test\w+)"):
        m = re.search(pattern, text)
        if m:
            return m.group("name")
    return ""


def run_unit(build, log, timeout, mutated_file):
    order = list(UNIT_TESTS)
    for prefix, name in FIRST_UNIT.items():
        if mutated_file.startswith(prefix):
            order.remove(name)
            order.insert(0, name)
    for name in order:
        exe = os.path.join(build, "unittests", name)
        code = run([exe, "--gtest_fail_fast", "--gtest_brief=1"], build, log,
                   timeout)
        if code != 0:
            return "unit"
    return None


# Python tests that took longer than this (CTest's cost data of the build
# tree, seconds) run after the quicker ones: CTest starts the longest tests
# first, so without the split a mutant that a 2-second test kills would wait
# for a 20-minute benchmark test to end.
QUICK_PYTHON_SECONDS = 60.0


def slow_python_tests(build):
    """Names of the python-* tests whose last recorded run was slow."""
    path = os.path.join(build, "Testing", "Temporary", "CTestCostData.txt")
    slow = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if line.startswith("---"):
                    break
                if (len(parts) == 3 and parts[0].startswith("python-") and
                        float(parts[2]) > QUICK_PYTHON_SECONDS):
                    slow.append(parts[0])
    return slow


def run_rest(build, log, timeout):
    env = dict(os.environ, LIT_OPTS="--max-failures=1")
    slow = slow_python_tests(build)
    slow_re = "^(" + "|".join(re.escape(n) for n in slow) + ")$"
    quick = ["-R", "^python-", "-E", slow_re] if slow else ["-R",
                                                             "^python-"]
    stages = [("python", quick),
              ("other", ["-E", r"(^aimc-lit$|^python-|\.)"]),
              ("lit", ["-R", "^aimc-lit$"])]
    if slow:
        stages.append(("python", ["-R", slow_re]))
    for stage, args in stages:
        code = run(["ctest", "--test-dir", build, "-j2", "--stop-on-failure",
                    "--output-on-failure"] + args, build, log, timeout, env)
        if code != 0:
            return stage if code != "timeout" else stage + " (timeout)"
    return None


def run_suite(build, log, timeout, mutated_file=""):
    """Builds the unit tests, runs them, then builds everything and runs the
    rest. Returns (failed stage or None, or 'build')."""
    code = run(["cmake", "--build", build, "--target"] + UNIT_TESTS, build,
               log, timeout)
    if code != 0:
        return "build"
    failed = run_unit(build, log, timeout, mutated_file)
    if failed:
        return failed
    if run(["cmake", "--build", build], build, log, timeout) != 0:
        return "build"
    return run_rest(build, log, timeout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mutants", default=os.path.join(ROOT, "scripts",
                                                     "mutants.txt"))
    p.add_argument("--work", default="/tmp/aimc-mutation")
    p.add_argument("--only", default="",
                   help="comma-separated mutant names (default: all)")
    p.add_argument("--in-place", action="store_true",
                   help="mutate this tree and rebuild its build/ directory "
                        "instead of a copy (much faster when build/ is up "
                        "to date; each file is restored after its mutant, "
                        "also on Ctrl-C or SIGTERM; refuses files with "
                        "uncommitted changes)")
    p.add_argument("--build", default=os.path.join(ROOT, "build"),
                   help="the build directory of --in-place")
    p.add_argument("--skip-baseline", action="store_true",
                   help="do not run the suite on the unmutated tree")
    p.add_argument("--check-only", action="store_true",
                   help="only check that every mutant still applies")
    p.add_argument("--timeout", type=int, default=1800,
                   help="seconds per suite stage")
    p.add_argument("--output", default=os.path.join(ROOT, "docs", "results",
                                                    "mutation.md"))
    args = p.parse_args()

    mutants = parse_mutants(args.mutants)
    check_mutants(mutants, ROOT)
    if args.only:
        wanted = args.only.split(",")
        unknown = set(wanted) - {m["name"] for m in mutants}
        if unknown:
            sys.exit(f"mutation-check: unknown mutants {sorted(unknown)}")
        mutants = [m for m in mutants if m["name"] in wanted]
    print(f"mutation-check: {len(mutants)} mutants apply cleanly")
    if args.check_only:
        return 0

    if args.in_place:
        src, build = ROOT, os.path.abspath(args.build)
        dirty = subprocess.run(
            ["git", "-C", ROOT, "status", "--porcelain", "--"] +
            sorted({m["file"] for m in mutants}), capture_output=True,
            text=True).stdout.strip()
        if dirty:
            sys.exit("mutation-check: --in-place needs the mutated files "
                     "committed:\n" + dirty)
        os.makedirs(args.work, exist_ok=True)
        log = os.path.join(args.work, "log.txt")
        open(log, "w").close()
        print(f"mutation-check: mutating {ROOT} in place, building {build} "
              f"(log {log})")
    else:
        src, build = os.path.join(args.work, "src"), os.path.join(args.work,
                                                                  "build")
        log = os.path.join(args.work, "log.txt")
        os.makedirs(args.work, exist_ok=True)
        # A copy of the working tree (committed or not), without build
        # trees; tar keeps the modification times, so a second run rebuilds
        # only what changed.
        shutil.rmtree(src, ignore_errors=True)
        os.makedirs(src)
        subprocess.run("tar -C '%s' --exclude='./build*' --exclude=./.git "
                       "-cf - . | tar -C '%s' -xf -" % (ROOT, src),
                       shell=True, check=True)
        cmake_args = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache",
                      "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        env = dict(os.environ, AIMC_CMAKE_ARGS=" ".join(cmake_args))
        print(f"mutation-check: building the copy in {build} (log {log})")
        with open(log, "w") as out:
            if subprocess.run([os.path.join(src, "scripts", "build.sh"),
                               build], stdout=out, stderr=subprocess.STDOUT,
                              env=env).returncode != 0:
                sys.exit(f"mutation-check: the unmutated tree does not "
                         f"build; see {log}")
    if not args.skip_baseline:
        failed = run_suite(build, log, args.timeout)
        if failed:
            sys.exit(f"mutation-check: the unmutated suite fails ({failed}); "
                     f"see {log}")
        print("mutation-check: the unmutated suite passes")

    # SIGTERM unwinds like Ctrl-C, through the `finally` that restores the
    # mutated file.
    def interrupt(*_):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, interrupt)
    results = []
    for mu in mutants:
        path = os.path.join(src, mu["file"])
        with open(path) as f:
            original = f.read()
        start = time.time()
        try:
            with open(path, "w") as f:
                f.write(original.replace(mu["search"], mu["replace"], 1))
            with open(log, "a") as out:
                out.write(f"\n===== mutant {mu['name']} =====\n")
            start_log = os.path.getsize(log)
            failed = run_suite(build, log, args.timeout, mu["file"])
            verdict, by = ("killed", failed) if failed else ("SURVIVED", "-")
            if failed and failed != "build":
                test = first_failure(log, start_log)
                by = f"{failed}: {test}" if test else failed
        finally:
            with open(path, "w") as f:
                f.write(original)
        minutes = (time.time() - start) / 60
        results.append((mu, verdict, by, minutes))
        print(f"mutation-check: {mu['name']:40s} {verdict:8s} by {by:10s} "
              f"({minutes:.1f} min)", flush=True)
    # Leave the build built from the unmutated sources.
    run(["cmake", "--build", build], src, log)

    killed = sum(1 for r in results if r[1] == "killed")
    print(f"mutation-check: {killed} of {len(results)} mutants killed")
    write_report(args.output, results, args)
    return 0 if killed == len(results) else 1


def write_report(path, results, args):
    """Writes the table; a run of some mutants (--only) replaces their rows
    of an existing table and keeps the others, each with its own date."""
    now = datetime.datetime.now(datetime.timezone.utc)
    rows = {}
    if args.only and os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"\| `([^`]+)` \|", line)
                if m:
                    rows[m.group(1)] = line.rstrip("\n")
    for mu, verdict, by, minutes in results:
        rows[mu["name"]] = (f"| `{mu['name']}` | `{mu['file']}` | {verdict} "
                            f"| {by} | {minutes:.1f} | {now:%Y-%m-%d %H:%M} |")
    order = [m["name"] for m in parse_mutants(args.mutants)]
    names = sorted(rows, key=lambda n: order.index(n) if n in order else 1e9)
    killed = sum(1 for n in names if "| killed |" in rows[n])
    total = sum(float(rows[n].split("|")[5]) for n in names)
    lines = [
        "# Mutation check",
        "",
        "Produced by `scripts/mutation-check.sh` "
        f"({now:%Y-%m-%d %H:%M} UTC): each mutant of "
        "`scripts/mutants.txt` is applied alone to "
        + ("the tree (`--in-place`: its up-to-date `build/` is rebuilt "
           "incrementally)" if args.in_place else
           "a copy of the tree, which is rebuilt incrementally")
        + " and run through the ordinary test suite in stages, stopping at "
        "the first failure: the GoogleTest executables (built first, run "
        "with `--gtest_fail_fast`), then a full build and CTest's quick "
        "Python tests (at most %.0f s in the build's last CTest run), the "
        "remaining CTest tests, lit, and the slow Python tests. The stage "
        "column names the first failing test." % QUICK_PYTHON_SECONDS,
        "",
        f"**{killed} of {len(names)} mutants killed**, "
        f"{total:.0f} minutes of rebuilding and testing in all "
        f"({len(order) - len(names)} of the {len(order)} listed not run).",
        "",
        "| mutant | file | verdict | first failing stage | minutes | run (UTC) |",
        "| --- | --- | --- | --- | --- | --- |",
    ] + [rows[n] for n in names]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"mutation-check: wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
