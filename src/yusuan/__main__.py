"""``python -m yusuan``: the same as the ``yusuan`` command."""

from yusuan.cli import run

if __name__ == "__main__":
    run()
