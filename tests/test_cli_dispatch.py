import subprocess
import sys

from tokenexplorer import cli


def test_unknown_command_is_a_usage_error(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_module_entry_point_reports_version():
    out = subprocess.run(
        [sys.executable, "-m", "tokenexplorer", "--version"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    assert out.startswith("tokenexplorer ")
