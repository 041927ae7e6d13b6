"""The questions an export asks: where to write (a file dialog) and, for PNG, how big.

Kept apart from the commands (:mod:`explorer.ui.export`) so that tests can
answer them without a modal dialog, and so the file dialog can be built and
inspected without being shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QWidget,
)

__all__ = ["FILTERS", "PngOptions", "PngOptionsDialog", "SCALES", "file_dialog", "resolve_target"]

#: One name filter per format, as the file dialog lists them.
FILTERS: dict[str, str] = {
    "svg": "SVG image (*.svg)",
    "png": "PNG image (*.png)",
    "pdf": "PDF document (*.pdf)",
    "dot": "Graphviz DOT source (*.dot *.gv)",
}
#: PNG sizes offered: 1 = 96 pixels per inch, as on a typical screen.
SCALES = (1, 2, 3, 4)


@dataclass(frozen=True)
class PngOptions:
    scale: float = 2.0
    transparent: bool = False


def _format_of_filter(name_filter: str, default: str) -> str:
    return next((fmt for fmt, text in FILTERS.items() if text == name_filter), default)


def file_dialog(parent: QWidget | None, title: str, start: Path, formats: tuple[str, ...],
                fmt: str) -> QFileDialog:
    """A save dialog at ``start`` (last folder and a suggested name) listing ``formats``,
    with ``fmt`` chosen. Qt's dialog asks before replacing a file, with the ending
    added (``setDefaultSuffix``) to a name typed without one."""
    dialog = QFileDialog(parent, title, str(start))
    dialog.setObjectName("exportFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        # No desktop portal without a display: Qt's own dialog works everywhere.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilters([FILTERS[f] for f in formats])
    dialog.selectNameFilter(FILTERS[fmt])
    dialog.setDefaultSuffix(fmt)
    dialog.selectFile(start.name)
    # Switching the filter to PDF makes "talk" become "talk.pdf", not "talk.svg".
    dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix(_format_of_filter(chosen, fmt)))
    return dialog


def resolve_target(selected: str, chosen_fmt: str, formats: tuple[str, ...]) -> tuple[Path, str, bool]:
    """(path, format, overwrite) for the name the file dialog returned.

    An ending the user typed that names a format wins (``talk.png`` in the SVG
    dialog writes PNG). Any other name gets the chosen format's ending added; the
    dialog never asked about that name, so an existing file of that name is not
    replaced (``overwrite`` is False). For the name it did ask about, it asked."""
    path = Path(selected)
    suffix = path.suffix.lower().lstrip(".")
    suffix = "dot" if suffix == "gv" else suffix
    if suffix in formats:
        return path, suffix, path.exists()
    return path.with_name(f"{path.name}.{chosen_fmt}"), chosen_fmt, False


def choose_target(dialog: QFileDialog, fmt: str, formats: tuple[str, ...]) -> tuple[Path, str, bool] | None:
    """Show ``dialog`` (modal); None when cancelled."""
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    chosen = _format_of_filter(dialog.selectedNameFilter(), fmt)
    return resolve_target(dialog.selectedFiles()[0], chosen, formats)


class PngOptionsDialog(QDialog):
    """Size and background of a PNG: shown after its file name is chosen."""

    def __init__(self, options: PngOptions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pngOptionsDialog")
        self.setWindowTitle("PNG options")
        form = QFormLayout(self)
        self.scale_box = QComboBox()
        self.scale_box.setObjectName("pngScale")
        for s in SCALES:
            self.scale_box.addItem(f"{s}×  ({96 * s} pixels per inch)", float(s))
        index = self.scale_box.findData(float(options.scale))
        self.scale_box.setCurrentIndex(index if index >= 0 else 1)
        self.scale_box.setToolTip("2× or more stays sharp on slides and high-resolution screens.")
        self.transparent_box = QCheckBox("Transparent background")
        self.transparent_box.setObjectName("pngTransparent")
        self.transparent_box.setChecked(options.transparent)
        self.transparent_box.setToolTip("Leave the background see-through instead of white "
                                        "(for slides with a coloured background).")
        form.addRow("Size:", self.scale_box)
        form.addRow("", self.transparent_box)
        button = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(button.Save | button.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> PngOptions:
        return PngOptions(float(self.scale_box.currentData()), self.transparent_box.isChecked())


def ask_png_options(parent: QWidget | None, options: PngOptions) -> PngOptions | None:
    """Show the PNG options (modal), preset to ``options``; None when cancelled."""
    dialog = PngOptionsDialog(options, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options()
