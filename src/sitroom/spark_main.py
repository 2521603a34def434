"""The Python file to give ``spark-submit``: ``spark-submit [options] <this file> INPUT...
--output DIR`` runs ``sitroom spark`` on the cluster spark-submit names (its path:
``python -c 'import sitroom.spark_main as m; print(m.__file__)'``)."""

from __future__ import annotations

import sys


def main() -> None:
    from sitroom.cli import app

    app(["spark", *sys.argv[1:]], prog_name="sitroom")


if __name__ == "__main__":
    main()
