"""Allow ``python -m gianhang_server``."""

from gianhang_server.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
