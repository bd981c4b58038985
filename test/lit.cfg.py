# -*- Python -*-
# lit configuration for aimc's tool tests.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "AIMC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs",
                   "Unit", "Downstream"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.aimc_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%aimc_src_root", config.aimc_src_root))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%aimc_obj_root", config.aimc_obj_root))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.aimc_tools_dir, append_path=True)

tools = ["aimc-opt", "aimc-run", "aimc-ridge", "aimc-npy-replay",
         "aimc-capi-replay"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools],
    [config.aimc_tools_dir, config.llvm_tools_dir])

# Execution tests lower to LLVM and run with mlir-runner and MLIR's runtime
# utility libraries (printMemref*).
config.substitutions.append(("%mlir_runner_utils", os.path.join(
    config.llvm_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(("%mlir_c_runner_utils", os.path.join(
    config.llvm_lib_dir, "libmlir_c_runner_utils.so")))
if shutil.which("mlir-runner", path=config.llvm_tools_dir):
    config.available_features.add("mlir-runner")

# The PyTorch front end's tests need python3-torch (scripts/install-deps.sh).
import subprocess
if subprocess.run([config.python_executable, "-c", "import torch"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torch")
