"""Reports of a check: the terminal (Rich), JSON and a self-contained HTML page.

Each renderer takes the :class:`~yusuan.rules.CheckReport` of one or more files and returns text;
the command line (``yusuan check``) only chooses which ones to write. :mod:`.common` holds what
they share: how a place is written, how findings are grouped.
"""

from yusuan.report.html import render_html
from yusuan.report.json import dumps, report_to_dict
from yusuan.report.terminal import render_terminal

__all__ = ["dumps", "render_html", "render_terminal", "report_to_dict"]
