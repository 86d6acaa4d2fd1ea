from __future__ import annotations

from criteria_checker.cli import main

if __name__ == "__main__":
    main()
