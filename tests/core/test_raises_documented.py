"""Errors are documented where they are raised: the core's public services say what they raise."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "gianhang_desktop" / "core"
# The services both faces (the window and the command line) call.
SERVICE_MODULES = [
    "catalog/service.py", "catalog/rename.py", "stock/service.py", "stock/bulk.py", "orders/service.py",
    "orders/documents.py", "photos/service.py", "photos/importing.py", "sync/service.py", "sync/listing.py",
    "sync/state.py", "sync/engine.py", "shop.py", "backup.py", "restore.py", "demo.py", "settings.py",
    "firstrun.py", "spreadsheet/importer.py", "spreadsheet/exporter.py", "money.py",
]
# Helpers whose errors reach their callers (so a caller raises them too).
RAISING_HELPERS = {
    "get_product_row", "get_order_row", "not_found_sku", "resolve_warehouse", "parse_quantity", "parse_date",
    "parse_vnd", "post_movement", "create_product", "modify_product", "apply_status", "validate_draft",
    "clean_fields", "lot_for", "change_status", "update_product", "label_data", "pick_list", "restore_backup",
    "create_backup", "read_manifest", "make_client", "open_spreadsheet", "locate_table", "raise_if_cancelled",
    "check_server_url", "validate_sku", "write_atomically",
}


def _raises(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Raise) and node.exc is not None:
            return True
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in RAISING_HELPERS:
                return True
    return False


def _is_service(relative: str, function: ast.FunctionDef) -> bool:
    """A function both faces call: in a service module, or any public core function taking the
    database first (so a new area's services are held to it without being listed)."""
    args = function.args.args
    return relative in SERVICE_MODULES or (bool(args) and args[0].arg == "db")


def test_public_services_document_what_they_raise():
    undocumented = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE).as_posix()
        if relative.startswith("migrations/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and _is_service(relative, node)
                    and _raises(node) and "Raises:" not in (ast.get_docstring(node) or "")):
                undocumented.append(f"core/{relative}:{node.lineno} {node.name}")
    assert undocumented == [], "say what these raise in their docstring ('Raises:')"


def test_a_new_area_is_held_to_it_too(tmp_path):
    source = 'def refund(db, code):\n    """Refund an order."""\n    raise ValueError(code)\n'
    node = ast.parse(source).body[0]
    assert _is_service("counter/refunds.py", node) and _raises(node)
    assert "Raises:" not in (ast.get_docstring(node) or "")
