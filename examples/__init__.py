"""The sample corpus's builder is importable (bench/throughput.py builds pages with it)."""
