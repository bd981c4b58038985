#!/usr/bin/python3
#===- scripts/doc-test.py - run the code blocks of README.md and docs/ -----===#
#
# Part of the aimc project.
#
#===----------------------------------------------------------------------===#
"""Runs every ```sh and ```python block of README.md and docs/**/*.md as a
user would, from the repository root after the build (docs/Contributing.md,
"Documentation that runs"):

* ```sh blocks run with bash (`set -e -o pipefail`: every command must
  succeed), without PYTHONPATH and without build/bin on PATH, so commands
  work only if they are written as a user can type them;
* the ```python blocks of one page run in order in one interpreter
  (/usr/bin/python3 with PYTHONPATH=build/python-bindings, as the docs say),
  sharing their variables like a notebook.

Both run in a scratch folder laid out like the checkout (its files linked,
`build` the build tree, `../shared` the shared datasets), so commands that
write files leave the checkout alone.

Markers, HTML comments on the lines right before a block (invisible on the
rendered page):

  <!-- doc-test: skip: REASON -->          do not run the block (a reason is
                                           required)
  <!-- doc-test: substitute: OLD => NEW --> run the block with OLD replaced
                                           by NEW (a smoke-sized stand-in for
                                           a long run; OLD must occur)
  <!-- doc-test: setup:
  CODE
  -->                                      run CODE (same language as the
                                           block) first: inputs the text
                                           leaves to the reader

Usage: scripts/doc-test.py BUILD_DIR [--root DIR] [--list] [FILE ...]
Prints one line per block and "N passed, N failed, N skipped"; exits 1 if
a block fails or a marker is malformed.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LANGUAGES = ("sh", "python")
MARKER = re.compile(r"^<!--\s*doc-test:\s*(\w[\w-]*)\s*:?(.*)$")
TIMEOUT_S = 300


class DocError(Exception):
    """A malformed marker (file:line: message)."""


class Block:
    def __init__(self, path, line, language, text):
        self.path, self.line, self.language, self.text = (path, line,
                                                          language, text)
        self.skip = None
        self.substitutions = []
        self.setup = []

    @property
    def where(self):
        return f"{self.path}:{self.line}"

    def code(self):
        """The text to run: substitutions applied, setup first."""
        text = self.text
        for old, new in self.substitutions:
            if old not in text:
                raise DocError(f"{self.where}: substitute: {old!r} does not "
                               f"occur in the block")
            text = text.replace(old, new)
        return "".join(s + "\n" for s in self.setup) + text


def parse(path, rel):
    """The blocks of one markdown file, with their markers."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks, pending, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("<!--") and "doc-test" in line:
            start = i
            comment = [line]
            while "-->" not in lines[i]:
                i += 1
                if i == len(lines):
                    raise DocError(f"{rel}:{start + 1}: unterminated "
                                   f"doc-test marker")
                comment.append(lines[i])
            pending.append((start + 1, comment))
            i += 1
            continue
        fence = re.match(r"^(`{3,})(\S*)\s*$", line)
        if fence:
            ticks, language = fence.group(1), fence.group(2)
            body, j = [], i + 1
            while j < len(lines) and not lines[j].startswith(ticks):
                body.append(lines[j])
                j += 1
            if language in LANGUAGES:
                block = Block(rel, i + 1, language, "\n".join(body) + "\n")
                for where, comment in pending:
                    apply_marker(block, f"{rel}:{where}", comment)
                blocks.append(block)
            elif pending:
                raise DocError(f"{rel}:{pending[0][0]}: doc-test marker "
                               f"before a ```{language} block, which is not "
                               f"run")
            pending, i = [], j + 1
            continue
        if pending:
            raise DocError(f"{rel}:{pending[0][0]}: a doc-test marker must "
                           f"be right before the block it applies to")
        i += 1
    if pending:
        raise DocError(f"{rel}:{pending[0][0]}: doc-test marker without a "
                       f"block")
    return blocks


def apply_marker(block, where, comment):
    first = MARKER.match(comment[0].strip())
    if not first:
        raise DocError(f"{where}: malformed doc-test marker")
    kind, rest = first.group(1), first.group(2)
    if kind == "setup":
        body = [rest.strip()] + comment[1:]
        text = "\n".join(body)
        text = text[:text.rindex("-->")]
        block.setup.append(text.strip("\n"))
        return
    if len(comment) != 1 or not rest.rstrip().endswith("-->"):
        raise DocError(f"{where}: a {kind} marker is one line ending in -->")
    rest = rest.rstrip()[:-3].strip()
    if kind == "skip":
        if not rest:
            raise DocError(f"{where}: skip needs a reason "
                           f"(<!-- doc-test: skip: REASON -->)")
        block.skip = rest
    elif kind == "substitute":
        if " => " not in rest:
            raise DocError(f"{where}: substitute needs 'OLD => NEW'")
        old, new = rest.split(" => ", 1)
        block.substitutions.append((old, new))
    else:
        raise DocError(f"{where}: unknown doc-test marker {kind!r} (known: "
                       f"skip, substitute, setup)")


def pages(root):
    """README.md and docs/**/*.md, relative to root, sorted."""
    out = ["README.md"] if os.path.exists(os.path.join(root, "README.md")) \
        else []
    for folder, dirs, files in os.walk(os.path.join(root, "docs")):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                out.append(os.path.relpath(os.path.join(folder, name), root))
    return out


def scratch(root, build):
    """A folder laid out like the checkout: <tmp>/repo holds a copy of the
    checkout's files (so a block that writes into docs/ or test/ leaves the
    checkout alone) and a link `build` to the build tree; <tmp>/shared the
    shared datasets."""
    top = tempfile.mkdtemp(prefix="aimc-doc-test-")
    repo = os.path.join(top, "repo")
    os.mkdir(repo)
    for name in os.listdir(root):
        if name == ".git" or name.startswith("build"):
            continue
        source, target = os.path.join(root, name), os.path.join(repo, name)
        if os.path.isdir(source) and not os.path.islink(source):
            shutil.copytree(source, target, symlinks=True)
        else:
            shutil.copy2(source, target, follow_symlinks=False)
    os.symlink(os.path.abspath(build), os.path.join(repo, "build"))
    shared = os.path.join(os.path.dirname(root), "shared")
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(top, "shared"))
    return top, repo


def run_process(argv, cwd, env):
    """Runs argv in its own process group with a time limit; whatever it
    leaves running in the background (a server a block starts with `&`) is
    killed with the group, so no block can hold the output pipe open or
    outlive the check."""
    process = subprocess.Popen(argv, cwd=cwd, env=env, text=True,
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise subprocess.TimeoutExpired(argv, TIMEOUT_S, out, err)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def run_sh(block, cwd, env):
    script = "set -e -o pipefail\n" + block.code()
    return run_process(["bash", "-c", script], cwd, env)


# Runs the python blocks of one page in one namespace; prints a marker line
# after each block so the driver knows which one failed.
PYTHON_DRIVER = r"""
import sys, traceback
blocks = {blocks!r}
namespace = {{"__name__": "__main__"}}
for where, code in blocks:
    try:
        exec(compile(code, where, "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        print("DOC-TEST-FAILED " + where, flush=True)
        sys.exit(1)
    print("DOC-TEST-OK " + where, flush=True)
"""


def run_python(blocks, cwd, env):
    code = PYTHON_DRIVER.format(blocks=[(b.where, b.code()) for b in blocks])
    return run_process(["/usr/bin/python3", "-c", code], cwd, env)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("build", help="the build tree (build/)")
    p.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help="the checkout (default: this one)")
    p.add_argument("--list", action="store_true",
                   help="list the blocks and their markers, run nothing")
    p.add_argument("files", nargs="*", help="pages to run (default: all)")
    a = p.parse_intermixed_args(argv)
    root = os.path.abspath(a.root)
    try:
        blocks = {rel: parse(os.path.join(root, rel), rel)
                  for rel in (a.files or pages(root))}
        for page in blocks.values():
            for b in page:
                b.code()  # substitutions must apply
    except (DocError, OSError) as e:
        print(f"doc-test: error: {e}", file=sys.stderr)
        return 1
    if a.list:
        for page in blocks.values():
            for b in page:
                state = f"skip: {b.skip}" if b.skip else (
                    f"{len(b.substitutions)} substitution(s), "
                    f"{len(b.setup)} setup" if b.substitutions or b.setup
                    else "as written")
                print(f"{b.where} {b.language}: {state}")
        return 0

    top, repo = scratch(root, a.build)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    py_env = dict(env, PYTHONPATH=os.path.join(repo, "build",
                                               "python-bindings"),
                  MPLBACKEND="Agg")
    passed = failed = skipped = 0
    try:
        for rel, page in blocks.items():
            python = []
            for b in page:
                if b.skip:
                    print(f"SKIP {b.where} ({b.skip})")
                    skipped += 1
                elif b.language == "python":
                    python.append(b)
                else:
                    start = time.perf_counter()
                    try:
                        r = run_sh(b, repo, env)
                        ok, out = r.returncode == 0, r.stdout + r.stderr
                    except subprocess.TimeoutExpired:
                        ok, out = False, f"timed out after {TIMEOUT_S} s"
                    took = time.perf_counter() - start
                    if ok:
                        passed += 1
                        print(f"PASS {b.where} sh ({took:.1f} s)")
                    else:
                        failed += 1
                        print(f"FAIL {b.where} sh ({took:.1f} s)\n"
                              f"{b.code()}--- output:\n{out[-3000:]}")
            if python:
                start = time.perf_counter()
                try:
                    r = run_python(python, repo, py_env)
                    out = r.stdout + r.stderr
                except subprocess.TimeoutExpired:
                    out = f"timed out after {TIMEOUT_S} s"
                took = time.perf_counter() - start
                done = set(re.findall(r"^DOC-TEST-OK (\S+)", out, re.M))
                for b in python:
                    if b.where in done:
                        passed += 1
                        print(f"PASS {b.where} python")
                    else:
                        failed += 1
                        print(f"FAIL {b.where} python ({took:.1f} s for the "
                              f"page)\n{b.code()}--- output:\n{out[-3000:]}")
                        break
                else:
                    continue
                # Blocks after the failing one did not run.
                rest = python[python.index(b) + 1:]
                failed += len(rest)
                for b in rest:
                    print(f"FAIL {b.where} python (not run: an earlier block "
                          f"of the page failed)")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
