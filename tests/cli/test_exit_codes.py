"""The command line's one table of exit codes, and errors as JSON on stderr for --json commands."""

from __future__ import annotations

import json

from gianhang_desktop.cli.common import ExitCode


def test_a_refusal_is_one_human_line_without_json(run_cli):
    code, out, err = run_cli("product", "add", "--sku", "A-1", "--name", "Ấm", "--price", "-5")
    assert code == ExitCode.BAD_INPUT == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("Lỗi [price]:")


def test_a_refusal_with_json_is_one_line_of_json_on_stderr(run_cli):
    code, out, err = run_cli("product", "add", "--sku", "A-1", "--name", "Ấm", "--price", "-5", "--json",
                             env={"GIANHANG_LANG": "en"})
    assert code == 2 and out == "" and err.count("\n") == 1
    error = json.loads(err)
    assert error["ok"] is False and error["exit_code"] == 2
    assert error["error"]["type"] == "ValidationError" and error["error"]["field"] == "price"
    assert error["error"]["message"] == error["error"]["en"] and error["error"]["vi"]


def test_not_found_and_bad_usage_with_json(run_cli):
    code, _out, err = run_cli("product", "show", "NOPE", "--json")
    assert code == 2 and json.loads(err)["error"]["type"] == "NotFound"
    code, _out, err = run_cli("product", "show", "--json")  # the SKU is missing: the parser refuses
    assert code == 2 and json.loads(err)["error"]["type"] == "UsageError"


def test_an_unexpected_error_is_exit_1_with_one_line_and_the_details_in_the_log(run_cli, data_dir, monkeypatch):
    from gianhang_desktop.core.catalog import service

    def broken(*_args, **_kwargs):
        raise RuntimeError("ổ đĩa trục trặc")

    monkeypatch.setattr(service, "get_product", broken)
    code, _out, err = run_cli("product", "show", "VT-1")
    assert code == ExitCode.UNEXPECTED == 1 and err.count("\n") == 1 and "RuntimeError" in err
    code, _out, err = run_cli("product", "show", "VT-1", "--json")
    assert code == 1 and json.loads(err)["error"]["type"] == "UnexpectedError"
    assert "Traceback" in (data_dir / "logs" / "gianhang.log").read_text(encoding="utf-8")


def test_a_sync_that_could_not_finish_is_exit_3(run_cli):
    from gianhang_desktop.core.sync.credentials import ENV_KEY, ENV_SECRET

    code, out, err = run_cli("sync", "--server", "http://127.0.0.1:9", "--json",  # nothing listens there
                             env={"GIANHANG_SYNC_RETRIES": "0", ENV_KEY: "k", ENV_SECRET: "s"})
    assert code == ExitCode.INCOMPLETE == 3, err
    assert json.loads(out)["offline"] is True and err == ""


def test_no_command_keeps_exit_codes_of_its_own():
    import re
    from pathlib import Path

    cli = Path(__file__).resolve().parents[2] / "gianhang_desktop" / "cli"
    own = [f"{path.name}:{n}" for path in sorted(cli.glob("*.py")) if path.name != "common.py"
           for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
           if re.match(r"\s*EXIT_[A-Z_]+\s*=\s*\d", line) or re.search(r"\breturn [1-9]\d*\b", line)]
    assert own == [], "exit codes come from common.ExitCode (the table in the README)"
