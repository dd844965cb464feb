"""Reports written to a stream, or returned as a string.

The renderers of ``status`` and ``check`` write their formats to a text stream as they go
(``write_x(report, out, …)``), so that a large project's report is never held whole; a string
of the same output (``render_x(report, …)``, for tests and small reports) comes from
``as_text``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any


def as_text(writer: Callable[..., None]) -> Callable[..., str]:
    """``render_x(report, …) -> str`` from ``write_x(report, out, …)``."""

    def render(report: Any, *args: Any, **kwargs: Any) -> str:
        buf = io.StringIO()
        writer(report, buf, *args, **kwargs)
        return buf.getvalue()

    render.__doc__ = f"The output of ``{writer.__name__}`` as one string."
    return render
