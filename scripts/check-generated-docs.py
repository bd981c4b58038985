#!/usr/bin/env python3
#===- scripts/check-generated-docs.py - generated docs vs committed copies -===#
#
# Part of the aimc project.
#
# The dialect and pass references under docs/ are generated from TableGen
# (target `aimc-doc`, written to BUILD/docs/). This script compares every
# generated page with its committed copy at the same path under docs/.
#
#   check-generated-docs.py BUILD_DIR SOURCE_DIR            check, exit 1 on drift
#   check-generated-docs.py BUILD_DIR SOURCE_DIR --update   copy generated pages
#
#===----------------------------------------------------------------------===#
import os
import shutil
import sys


def generated_pages(build_docs):
    for root, _, files in os.walk(build_docs):
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(root, name)
                yield os.path.relpath(path, build_docs)


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--update"):
        print("usage: check-generated-docs.py BUILD_DIR SOURCE_DIR [--update]",
              file=sys.stderr)
        return 2
    build_docs = os.path.join(argv[1], "docs")
    source_docs = os.path.join(argv[2], "docs")
    update = len(argv) == 4
    pages = list(generated_pages(build_docs))
    if not pages:
        print(f"error: no generated pages in {build_docs}; build the target "
              "`aimc-doc` first", file=sys.stderr)
        return 1
    stale = []
    for rel in pages:
        generated = os.path.join(build_docs, rel)
        committed = os.path.join(source_docs, rel)
        with open(generated, "rb") as f:
            new = f.read()
        old = None
        if os.path.exists(committed):
            with open(committed, "rb") as f:
                old = f.read()
        if old == new:
            continue
        if update:
            os.makedirs(os.path.dirname(committed), exist_ok=True)
            shutil.copyfile(generated, committed)
            print(f"updated docs/{rel}")
        else:
            state = "missing" if old is None else "differs from the ODS"
            stale.append(f"docs/{rel}: {state}")
    if stale:
        print("error: generated documentation is out of date:", file=sys.stderr)
        for line in stale:
            print("  " + line, file=sys.stderr)
        print("run scripts/update-docs.sh and commit the result",
              file=sys.stderr)
        return 1
    if not update:
        print(f"{len(pages)} generated pages match docs/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
