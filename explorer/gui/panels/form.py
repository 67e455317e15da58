"""Forms generated from a model class: one bound field per scalar field, in declaration order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...model.fields import FieldMeta, Kind, section_fields
from ...presentation.units import EditUnit
from ..document import Document
from .fields import ChoiceField, InputField, TextField
from .number_field import NumberField

# The one table from a field's kind to its editor; fields of kind "other" (tables) get panels of their own.
EDITORS: dict[Kind, type[InputField]] = {
    "uncertain": NumberField,
    "float": NumberField,
    "int": NumberField,
    "choice": ChoiceField,
    "text": TextField,
    "month": TextField,
}


def make_field(
    document: Document,
    path: str,
    meta: FieldMeta,
    label: str | None = None,
    unit: EditUnit | None = None,
    texts: dict[str, str] | None = None,
) -> InputField:
    editor = EDITORS[meta.kind]
    if editor is NumberField:
        return NumberField(document, path, meta, label, unit=unit)
    if editor is ChoiceField:
        return ChoiceField(document, path, meta, label, texts=texts)
    return editor(document, path, meta, label)


class Form(QWidget):
    """Fields for every scalar input of ``model`` under ``prefix`` (e.g. 'power')."""

    def __init__(
        self,
        document: Document,
        model: type,
        prefix: str,
        skip: tuple[str, ...] = (),
        only: tuple[str, ...] | None = None,
        texts: dict[str, dict[str, str]] | None = None,
        units: Callable[[FieldMeta], EditUnit | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.fields: list[InputField] = []
        for meta in section_fields(model):
            if meta.kind == "other" or meta.name in skip or (only is not None and meta.name not in only):
                continue
            path = f"{prefix}.{meta.name}" if prefix else meta.name
            field = make_field(
                document, path, meta, unit=units(meta) if units else None, texts=(texts or {}).get(meta.name)
            )
            layout.addWidget(field)
            self.fields.append(field)
