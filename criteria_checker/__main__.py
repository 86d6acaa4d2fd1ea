from __future__ import annotations

from criteria_checker.cli import console

if __name__ == "__main__":
    console()
