"""``aimc.torch``: the PyTorch front end (docs/Frontends/PyTorch.md).

  export(module, *example_inputs, entry="forward") -> str
      MLIR text of the module traced with torch.fx (eval mode), runnable
      with aimc.Session(text, chip=...) and aimc-run.
  ExportError
      raised for anything the exporter does not support, naming the op and
      its source line.
  per_sequence(report, sequences)
      a Session report's MVMs, energy and latency per sequence.
"""

from .exporter import ExportError, export  # noqa: F401
from .report import per_sequence  # noqa: F401
