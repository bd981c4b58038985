"""``aimc.lra``: offline Long-Range-Arena-style tasks (docs/LRA.md).

  listops(n, seed, min_length, max_length, ...)  seeded ListOps, following
                                                 LRA's listops.py
  image_task(size=14)                            sequential Fashion-MNIST
                                                 ("image": 196 or 784 grey
                                                 level tokens)
  TASKS                                          the task names

Every draw is seeded and bit-for-bit reproducible; nothing is downloaded.
"""

from .listops import (LISTOPS_TOKENS, ListOpsData, evaluate,  # noqa: F401
                      generate_tree, listops, tokenize, tree_string)
from .image import IMAGE_LEVELS, image_task, image_tokens  # noqa: F401

TASKS = ("listops", "image")
