"""Start Gian Hàng Desktop (the window). `python main.py --version` prints the version."""

from gianhang_desktop.gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
