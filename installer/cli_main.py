"""Entry point of the console `gianhang.exe` bundled next to the window (backups, restores, scripts)."""

from gianhang_desktop.cli import run

if __name__ == "__main__":
    run()
