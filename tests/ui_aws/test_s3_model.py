"""The objects model on its own: Qt's model tester, folders first, sorting, paging order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tokenexplorer.ui.aws.s3_models import (
    IS_FOLDER_ROLE,
    KEY_ROLE,
    MODIFIED,
    NAME,
    SIZE,
    ObjectsFilterProxy,
    ObjectsModel,
)
from tokenexplorer.ui.qt import Qt

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Obj:
    key: str
    size: int
    last_modified: datetime


def _names(model):
    return [model.data(model.index(r, NAME)) for r in range(model.rowCount())]


def test_model_passes_the_qt_model_tester(qapp, qtmodeltester):
    model = ObjectsModel()
    model.reset("p/")
    model.add_page(["p/a/", "p/b/"], [Obj("p/x.txt", 10, T0), Obj("p/y.bin", 2048, T0)])
    qtmodeltester.check(model)
    # The tester stays connected: later pages, sorting and a reset are checked as they happen.
    model.add_page(["p/c/"], [Obj("p/z.txt", 1, T0), Obj("p/a.txt", 5, T0)])
    model.sort(SIZE, Qt.SortOrder.DescendingOrder)
    model.add_page([], [Obj("p/m.txt", 3, T0)])
    assert model.rowCount() == 8
    proxy = ObjectsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("Y.B")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy)


def test_pages_append_folders_first_and_skip_the_folder_marker(qapp):
    model = ObjectsModel()
    model.reset("p/")
    inserted = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    model.add_page(["p/b/"], [Obj("p/", 0, T0), Obj("p/c.txt", 5, T0)])
    model.add_page(["p/d/"], [Obj("p/e.txt", 1536, T0)])
    assert _names(model) == ["b/", "d/", "c.txt", "e.txt"]
    assert inserted == [(0, 0), (1, 1), (1, 1), (3, 3)]  # each page's rows, in place
    assert model.folder_count == 2 and model.object_count == 2
    assert model.data(model.index(3, SIZE)) == "1.5 KiB"
    assert model.data(model.index(0, SIZE)) == ""
    assert model.data(model.index(0, NAME), IS_FOLDER_ROLE) is True
    assert model.data(model.index(2, NAME), KEY_ROLE) == "p/c.txt"


def test_sorting_keeps_folders_first_and_new_pages_in_order(qapp):
    model = ObjectsModel()
    model.add_page(["z/", "a/"], [Obj("big", 900, T0), Obj("small", 1, T0 + timedelta(1))])
    model.sort(SIZE, Qt.SortOrder.DescendingOrder)
    assert _names(model) == ["z/", "a/", "big", "small"]  # folders by key within their part
    model.add_page([], [Obj("mid", 50, T0)])  # arrives last, sorted into place
    assert _names(model)[2:] == ["big", "mid", "small"]
    model.sort(MODIFIED, Qt.SortOrder.AscendingOrder)
    assert _names(model)[2:] == ["big", "mid", "small"]  # equal times: by key
    model.sort(MODIFIED, Qt.SortOrder.DescendingOrder)
    assert _names(model)[2:] == ["small", "mid", "big"]
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert _names(model) == ["a/", "z/", "big", "mid", "small"]
