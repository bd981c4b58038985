"""aimc: compile kernel-approximation models for a simulated analog
in-memory-computing chip, from Python.

Submodules:
  datasets  loaders for the paper's six datasets and Fashion-MNIST
"""

from . import datasets  # noqa: F401
