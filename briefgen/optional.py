"""Importing a library without an optional dependency it would load for a feature we never use.

reportlab imports uharfbuzz, for its own shaping, whenever it is installed; this project
installs it for tools/font_fidelity.py, and loading it costs every run 10 to 15 ms. Inside
`hidden(...)` a module cannot be imported, so the library takes the path it takes when the
module is absent; after it, the module imports as usual. Use it only where the library keeps
no state that a later user of the feature would need (arabic-reshaper, for one, would keep
its font-based configuration switched off for the whole process).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hidden(*names: str) -> Iterator[None]:
    """Make `import name` raise ImportError for each of `names` not imported yet."""
    hide = [name for name in names if name not in sys.modules]
    for name in hide:
        sys.modules[name] = None  # the import system's own marker for "not importable"
    try:
        yield
    finally:
        for name in hide:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]
