"""Errors of the clean stage (the tree is drawn in :mod:`sitroom.errors`)."""

from __future__ import annotations

from sitroom.errors import CleanError

__all__ = ["CleanError"]
