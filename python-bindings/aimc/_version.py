"""The aimc version (the CMake project's VERSION; a ctest keeps them
equal)."""

__version__ = "0.1.0"
