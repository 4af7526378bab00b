"""The web app (``yusuan serve``): upload and check disclosures, browse the corpus, compare.

Needs the ``web`` extra (FastAPI, Uvicorn, Jinja2, python-multipart).
"""

from yusuan.web.app import create_app

__all__ = ["create_app"]
