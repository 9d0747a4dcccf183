"""The item models pass Qt's model tester, and show long values cut."""

from __future__ import annotations

from tests.ui.conftest import hs256_token, jwe_token, seed_token
from tokenexplorer.tokens.decode import decode
from tokenexplorer.tokens.explain import build_tree
from tokenexplorer.tokens.model import Check
from tokenexplorer.ui.inspector.checks_view import ChecksModel
from tokenexplorer.ui.inspector.claims_model import NODE_ROLE, ClaimsModel
from tokenexplorer.ui.qt import Qt, QtCore


def test_claims_model_passes_the_model_tester(qtmodeltester):
    model = ClaimsModel()
    model.set_nodes(build_tree(decode(seed_token())))
    qtmodeltester.check(model)
    model.set_nodes(build_tree(decode(hs256_token(groups=["a", "b"], nested={"k": [1, {"x": 2}]}))))
    qtmodeltester.check(model)
    model.set_nodes(build_tree(decode(jwe_token())))
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_claims_model_columns_tooltips_and_nesting(qapp):
    model = ClaimsModel()
    model.set_nodes(build_tree(decode(hs256_token(nested={"k": [1, 2]}))))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == \
        ["Name", "Value", "Meaning"]
    payload = model.index(1, 0)
    nested = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
                  if model.index(r, 0, payload).data() == "nested")
    k = model.index(0, 0, nested)
    assert k.data() == "k" and model.rowCount(k) == 2
    assert model.parent(k) == nested
    exp = next(model.index(r, 2, payload) for r in range(model.rowCount(payload))
               if model.index(r, 0, payload).data() == "exp")
    tooltip = exp.data(Qt.ItemDataRole.ToolTipRole)
    assert "Source: https://" in tooltip  # the link to the RFC
    assert exp.data(NODE_ROLE).name == "exp"


def test_tooltips_escape_untrusted_values(qapp):
    model = ClaimsModel()
    model.set_nodes(build_tree(decode(hs256_token(name="<b>bold</b>\u202eevil"))))
    payload = model.index(1, 0)
    name = next(model.index(r, 1, payload) for r in range(model.rowCount(payload))
                if model.index(r, 0, payload).data() == "name")
    tooltip = name.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>bold" not in tooltip and "&lt;b&gt;bold" in tooltip
    assert "\u202e" not in name.data() and "U+202E" in name.data()


def test_checks_model_passes_the_model_tester(qtmodeltester):
    model = ChecksModel()
    model.set_report([Check("exp", True, "expires in 1 h"), Check("aud", False, "other client"),
                      Check("iss", None, "no pool configured")], ["jku header present"])
    qtmodeltester.check(model)
    results = [row.result for row in model.rows()]
    assert results == ["passed", "failed", "not run", "warning"]


def test_refreshing_times_rewords_rows_in_place(qtmodeltester):
    """Relative times move on without collapsing the tree or losing the selection."""
    token = decode(hs256_token(exp=1_700_003_600, iat=1_700_000_000))
    model = ClaimsModel()
    model.set_nodes(build_tree(token, now=1_700_000_000))
    payload = model.index(1, 0)
    exp = next(model.index(r, 0, payload) for r in range(model.rowCount(payload))
               if model.index(r, 0, payload).data() == "exp")
    relative = next(model.index(r, 1, exp) for r in range(model.rowCount(exp))
                    if model.index(r, 0, exp).data() == "Relative")
    before = relative.data()
    persistent = QtCore.QPersistentModelIndex(relative)
    resets = []
    model.modelReset.connect(lambda: resets.append(True))

    model.refresh_nodes(build_tree(token, now=1_700_003_000))
    assert resets == []
    assert persistent.isValid()
    assert persistent.data() != before
    assert "expires in" in persistent.data()
    model.refresh_nodes(build_tree(token, now=1_800_000_000))
    assert "expired" in persistent.data()
    qtmodeltester.check(model)
