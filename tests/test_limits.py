"""The kernel CPU budget of worker processes (sitroom.limits), in real subprocesses."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits (RLIMIT_CPU)")

CATASTROPHIC = """
import re, sys
from sitroom.limits import arm, cpu_budget
if sys.argv[1] == "arm":
    arm()
with cpu_budget(1):
    print("small", flush=True)
with cpu_budget(1):
    re.match(r"(a+)+$", "a" * 40 + "b")  # exponential backtracking inside the C regex engine
print("survived", flush=True)
"""


def test_an_armed_budget_stops_a_loop_inside_compiled_code():
    done = subprocess.run([sys.executable, "-c", CATASTROPHIC, "arm"], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGXCPU, (done.returncode, done.stderr)
    assert done.stdout == "small\n"  # a block within its budget runs; the next one is stopped in the C loop


def test_a_budget_not_armed_changes_nothing():
    proc = subprocess.Popen([sys.executable, "-c", CATASTROPHIC, "no"], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "small\n"
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=4)  # still backtracking: no limit in a process that did not arm one
    finally:
        proc.kill()
        proc.wait()
