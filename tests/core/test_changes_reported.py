"""Every mutation reports its changes the same way: a core service that writes returns `Changes`, a
`Changed(value, changes)`, or a value with a `.changes` attribute (the window reads only that)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "gianhang_desktop" / "core"


def _trees() -> dict[str, ast.Module]:
    return {path.relative_to(CORE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(CORE.rglob("*.py")) if not path.relative_to(CORE).as_posix().startswith("migrations/")}


def _classes_with_changes(trees: dict[str, ast.Module]) -> set[str]:
    """Names of core classes carrying a `changes` attribute (a field or a property)."""
    found = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (isinstance(item, ast.AnnAssign) and getattr(item.target, "id", None) == "changes"
                            or isinstance(item, ast.FunctionDef) and item.name == "changes"):
                        found.add(node.name)
    return found


def _own_nodes(function: ast.FunctionDef):
    """The function's own code, without the functions defined inside it (a callback it hands on)."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _writes(function: ast.FunctionDef) -> bool:
    """Opens a write session on the database it was given (`with db.session() as session`)."""
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "session"
               and isinstance(node.func.value, ast.Name) and node.func.value.id == "db"
               for node in _own_nodes(function))


def _reports(returns: ast.expr | None, carriers: set[str]) -> bool:
    if returns is None:
        return False
    names = {node.id for node in ast.walk(returns) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(returns) if isinstance(node, ast.Attribute)}
    return bool(names & ({"Changes", "Changed"} | carriers))


def unreported(trees: dict[str, ast.Module]) -> list[str]:
    carriers = _classes_with_changes(trees)
    missing = []
    for relative, tree in trees.items():
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.args.args
                    and node.args.args[0].arg == "db" and _writes(node) and not _reports(node.returns, carriers)):
                missing.append(f"core/{relative}:{node.lineno} {node.name}")
    return missing


# Writes no screen shows, each with why (name them here rather than widen the rule).
NOT_SHOWN = {
    "core/sync/pull.py pull": "a step of the sync: adds what it applied to the SyncReport the sync returns",
    "core/sync/pull.py device_id": "keeps this installation's random id the first time the store needs it",
    "core/channels/linking.py review": "reads: what the automatic pass would link, in a savepoint rolled back",
    "core/staff/users.py sign_in": "the sign-in's own bookkeeping (failed attempts, lock, last sign-in); "
                                   "the window changes its actor itself",
}


def test_every_core_service_that_writes_reports_its_changes():
    missing = [m for m in unreported(_trees()) if _key(m) not in NOT_SHOWN]
    assert missing == [], "return Changes, Changed(value, changes) or a value with .changes"


def _key(place: str) -> str:
    path, rest = place.split(":", 1)
    return f"{path} {rest.split()[1]}"


def test_the_check_catches_a_service_that_writes_and_says_nothing():
    trees = _trees()
    trees["counter/sales.py"] = ast.parse(
        "def record_sale(db, lines) -> int:\n    with db.session() as session:\n        session.add(lines)\n"
        "    return 1\n"
        "def record_refund(db, code) -> Changed[int]:\n    with db.session() as session:\n        pass\n"
        "def close_day(db, day) -> DayReport:\n    with db.session() as session:\n        pass\n"
        "def connector(db, account) -> object:\n    def save(pair):\n        with db.session() as session:\n"
        "            pass\n    return save\n"
        "class DayReport:\n    total: int\n    changes: Changes\n")
    assert [m for m in unreported(trees) if m.startswith("core/counter/")] == ["core/counter/sales.py:1 record_sale"]
