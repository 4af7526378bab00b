"""Reports of a check: the terminal (Rich), JSON and a self-contained HTML page.

Each renderer takes the :class:`~yusuan.rules.CheckReport` of one or more files and returns text;
the command line (``yusuan check``) only chooses which ones to write:
:func:`yusuan.report.terminal.render_terminal`, :func:`yusuan.report.json.dumps` and
:func:`yusuan.report.html.render_html`. :mod:`.common` holds what they share: how a place is
written, how findings are grouped. The modules are imported on use, so that ``yusuan --help``
stays fast.
"""
