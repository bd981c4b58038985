"""Imports aimc from the install prefix given as argv[1] and checks that the
extension and the libraries it loads come from there (used by
install-tree.test)."""
import os
import sys

import numpy as np

import aimc

prefix = os.path.realpath(sys.argv[1])
print("package:", aimc.__file__)
print("extension:", aimc._aimc.__file__)
with open("/proc/self/maps") as f:
    runner = sorted({line.split()[-1] for line in f
                     if "libAIMCRunner.so" in line})
print("runner library:", " ".join(runner))
assert all(os.path.realpath(p).startswith(prefix) for p in runner), runner

omega = aimc.sample_projection("orf", 4, 3, 7)
same = np.array_equal(omega, aimc.sample_projection("orthogonal", 4, 3, 7))
print("omega:", omega.shape, omega.dtype, "bit-identical", same)
sess = aimc.Session("func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                    "  %s = arith.addf %a, %a : tensor<2xf32>\n"
                    "  return %s : tensor<2xf32>\n}\n", chip="ideal")
print("session:", sess.run("f", [np.array([2.0, 3.0])])[0])
