"""The one table of options (include/aimc/Runner/RunOptions.def) reaches
every surface with the same names, defaults and help: aimc-run's flags, the
aimc-compile pipeline's options (aimc-opt --help), the Python keywords of
aimc.compile, aimc.Session and the estimators, and docs/Tools/RunOptions.md.
"""

import inspect
import os
import pathlib
import re
import subprocess
import unittest

import aimc
from aimc import _aimc, _options

REPO = pathlib.Path(__file__).resolve().parents[2]
# The extension lives in BUILD/python-bindings/aimc; the tools in BUILD/bin.
BIN = pathlib.Path(_aimc.__file__).resolve().parents[2] / "bin"
TABLE = _aimc._run_options()
MODEL = (REPO / "test" / "Tools" / "aimc-run" / "Inputs" /
         "entries.mlir").read_text()


def help_lines(tool, *args):
    """The text of `tool --help`."""
    text = subprocess.run([str(BIN / tool), "--help", *args], check=True,
                          capture_output=True, text=True).stdout
    return text


def parse_options(lines):
    """{flag: help} of the `--flag[=<...>] - help` lines."""
    out = {}
    for line in lines:
        m = re.match(r"\s+--([a-z0-9-]+)(?:=<[^>]*>)?\s+- (.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


class RunOptionsTable(unittest.TestCase):
    def test_table_is_complete(self):
        flags = [row["flag"] for row in TABLE]
        self.assertEqual(len(flags), len(set(flags)))
        self.assertEqual(
            flags, ["entry", "chip", "policy", "min-size", "chips",
                    "approximate-math", "seed", "t-inference",
                    "drift-compensation"])
        for row in TABLE:
            self.assertIn(row["layer"], ("compile", "run"))
            self.assertTrue(row["help"])

    def test_aimc_run_flags_are_the_table(self):
        flags = parse_options(help_lines("aimc-run").splitlines())
        for row in TABLE:
            with self.subTest(flag=row["flag"]):
                self.assertEqual(flags.get(row["flag"]), row["help"])
        tool_only = set(flags) - {row["flag"] for row in TABLE}
        self.assertEqual(tool_only, {"aimc-weight-budget", "input", "output",
                                     "json", "help", "help-list", "version"})

    def test_pipeline_options_are_the_compile_rows(self):
        lines = help_lines("aimc-opt").splitlines()
        start = next(i for i, line in enumerate(lines)
                     if re.match(r"\s+--aimc-compile\s", line))
        indent = len(lines[start]) - len(lines[start].lstrip())
        block = []
        for line in lines[start + 1:]:
            if len(line) - len(line.lstrip()) <= indent:
                break
            block.append(line)
        options = parse_options(block)
        compile_rows = [r for r in TABLE if r["layer"] == "compile"]
        for row in compile_rows:
            with self.subTest(flag=row["flag"]):
                self.assertEqual(options.get(row["flag"]), row["help"])
        self.assertEqual(set(options) - {r["flag"] for r in compile_rows},
                         {"count-digital", "lower-to-llvm"})

    def test_python_keywords_and_defaults(self):
        python = [row for row in TABLE if row["python"]]
        compile_names = [r["python"] for r in python
                         if r["layer"] == "compile"]
        # aimc.compile: every compile option, with the table's defaults.
        self.assertEqual(list(aimc.compiler.COMPILE_DEFAULTS), compile_names)
        for row in python:
            if row["layer"] == "compile" and row["python"] != "chip":
                self.assertEqual(aimc.compiler.COMPILE_DEFAULTS[row["python"]],
                                 row["default"])
        # aimc.Session: every option; compile options default to None (the
        # module's), run options to the table's default.
        params = inspect.signature(aimc.Session).parameters
        for row in python:
            with self.subTest(keyword=row["python"]):
                self.assertIn(row["python"], params)
                expected = (None if row["layer"] == "compile"
                            else row["default"])
                self.assertEqual(params[row["python"]].default, expected)
        others = set(params) - {r["python"] for r in python}
        self.assertEqual(others, {"module_or_text", "name"})
        # The estimators share the run options' names and defaults (their
        # seed is the features' seed; chip_seed is the chip's).
        for cls in (aimc.RandomFeatureRidgeClassifier,
                    aimc.RandomFeatureRidgeRegressor):
            params = inspect.signature(cls).parameters
            for name in ("t_inference", "num_chips", "drift_compensation",
                         "approximate_math"):
                with self.subTest(estimator=cls.__name__, keyword=name):
                    self.assertEqual(params[name].default,
                                     _options.BY_NAME[name]["default"])

    def test_python_options_reach_the_run(self):
        # The keywords reach RunOptions: a value outside a row's range is
        # refused with aimc-run's message, an unknown one by name.
        with self.assertRaisesRegex(ValueError, "the number of chips must be "
                                    "at most 1024, got 1025"):
            aimc.Session(MODEL, num_chips=1025)
        with self.assertRaisesRegex(ValueError, "unknown partition policy "
                                    "'x' \\(expected projections, attention "
                                    "or all\\)"):
            aimc.compile(MODEL, policy="x")
        with self.assertRaisesRegex(TypeError, "unknown option 'colour'"):
            _aimc._Session(MODEL, "m", {"colour": 1})
        with self.assertRaisesRegex(TypeError, "approximate_math must be "
                                    "True or False"):
            aimc.compile(MODEL, approximate_math=1)
        module = aimc.compile(MODEL, approximate_math=False)
        self.assertIs(module.options["approximate_math"], False)
        # A Session from a module keeps its compile options.
        self.assertIs(aimc.Session(module).options["approximate_math"], False)

    def test_docs_table_lists_every_option(self):
        text = (REPO / "docs" / "Tools" / "RunOptions.md").read_text()
        for row in TABLE:
            line = next(line for line in text.splitlines()
                        if line.startswith(f"| `--{row['flag']}` |"))
            self.assertIn(row["layer"], line)
            self.assertIn(row["help"].replace("|", "\\|"), line)


if __name__ == "__main__":
    unittest.main()
