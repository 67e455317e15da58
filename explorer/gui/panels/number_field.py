"""A number with its unit: spin box plus slider over the natural range, or a low / base / high range
with a distribution and a three-handle slider. A slider drag is one undo step."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ...formatting import choice_text, number_style
from ...i18n import N_, _
from ...model.fields import FieldMeta
from ...model.paths import get_path
from ...model.ranges import Range, base_of
from ...presentation.editing import natural_range
from ...presentation.units import EditUnit, edit_unit
from ..document import Document
from .fields import InputField
from .marked_slider import MarkedSlider

if TYPE_CHECKING:
    from .range_slider import MarkedRangeSlider

STEPS = 1000  # slider resolution over the natural range
_PARTS = ("low", "base", "high")
_PART_TEXT = {"low": N_("low"), "base": N_("base"), "high": N_("high")}
_DISTS = ("uniform", "triangular", "pert")
_drags = itertools.count(1)

Spin = QSpinBox | QDoubleSpinBox  # whole numbers, or numbers with decimals


def set_spin(spin: Spin, value: float) -> None:
    """Show ``value`` in a box; a QSpinBox holds whole numbers and drops the fraction, as Qt would."""
    if isinstance(spin, QSpinBox):
        spin.setValue(int(value))
    else:
        spin.setValue(value)


def keep_order(data: dict, typed: str) -> list[str]:
    """Keep low ≤ base ≤ high after ``typed`` changed by moving the other bounds to it (the range widens
    rather than the entry being refused); returns the bounds moved."""
    moved = []
    value = data[typed]
    if typed == "base":
        for other, wrong in (("low", data["low"] > value), ("high", data["high"] < value)):
            if wrong:
                data[other] = value
                moved.append(other)
    elif typed == "low":
        for other in ("base", "high"):
            if data[other] < value:
                data[other] = value
                moved.append(other)
    elif typed == "high":
        for other in ("base", "low"):
            if data[other] > value:
                data[other] = value
                moved.append(other)
    return moved


class NumberField(InputField):
    def __init__(
        self,
        document: Document,
        path: str,
        meta: FieldMeta,
        label: str | None = None,
        parent: QWidget | None = None,
        unit: EditUnit | None = None,
    ):
        super().__init__(document, path, meta, label, parent)
        self.unit: EditUnit = unit or edit_unit(meta.unit, meta.maximum)
        self.integer = meta.kind == "int"
        self.span = natural_range(meta, self.unit)
        self._drag_key: str | None = None
        self._range_built = False
        name = self.title.text()

        self.spin = self._make_spin(name)
        self.title.setBuddy(self.spin)
        self.spin.valueChanged.connect(self._single_edited)
        self.grid.addWidget(self.spin, 0, 1)
        self.grid.setColumnStretch(0, 1)

        self.own: QCheckBox | None = None
        if meta.optional:
            self.own = QCheckBox(_("set"))
            self.own.setAccessibleName(_("{name}: own value").format(name=name))
            self.own.setToolTip(_("Unticked: ") + (meta.description or _("use the default")))
            self.own.toggled.connect(self._own_toggled)
            self.grid.addWidget(self.own, 0, 2)

        self.toggle: QToolButton | None = None
        if meta.kind == "uncertain":
            self.toggle = QToolButton()
            self.toggle.setText(_("range"))
            self.toggle.setCheckable(True)
            self.toggle.setAutoRaise(True)  # flat while off, pressed-in while a range is given
            self.toggle.setAccessibleName(_("{name} as a range").format(name=name))
            self.toggle.setToolTip(_("Give a low / base / high range instead of one value"))
            self.toggle.toggled.connect(self._range_toggled)
            self.grid.addWidget(self.toggle, 0, 3)

        self._baseline: float | None = None  # the value before the edits, marked on the sliders
        self.slider: MarkedSlider | None = None
        self.rslider: MarkedRangeSlider | None = None  # with the range editors, made on first use
        if self.span is not None:
            self.slider = MarkedSlider(Qt.Orientation.Horizontal)
            self.slider.setRange(0, STEPS)
            self.slider.setAccessibleName(_("{name} slider").format(name=name))
            self.slider.setToolTip(meta.description)
            self.slider.sliderPressed.connect(self._drag_started)
            self.slider.sliderReleased.connect(self._drag_ended)
            self.slider.valueChanged.connect(self._slider_moved)
            self.grid.addWidget(self.slider, 1, 0, 1, 4)

    # --- building blocks
    def _make_spin(self, name: str, suffix: bool = True) -> Spin:
        low = self.unit.to_display(self.meta.lower if self.meta.lower is not None else -1e15)
        high = self.unit.to_display(self.meta.maximum if self.meta.maximum is not None else 1e15)
        spin: Spin
        if self.integer:
            spin = QSpinBox()
            spin.setRange(int(low), int(high))
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(self.unit.decimals)
            spin.setRange(low, high)
        if self.unit.suffix == "$" and number_style()["currency_first"]:
            spin.setPrefix("$")
        elif self.unit.suffix and suffix:
            spin.setSuffix(" " + self.unit.shown)
        spin.setKeyboardTracking(False)  # commit on Enter, focus out or a step, not per keystroke
        spin.setGroupSeparatorShown(True)
        spin.setAccelerated(True)
        spin.setAccessibleName(f"{name} ({self.unit.shown})" if self.unit.suffix else name)
        spin.setToolTip(self.meta.description)
        spin.setMinimumWidth(96)
        spin.setMaximumWidth(150)
        return spin

    def _build_range(self) -> None:
        """Range editors are made on first use: most inputs stay single values."""
        name = self.title.text()
        row = QWidget()
        layout = QGridLayout(row)  # captions over the three boxes, so each says which bound it is
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(0)
        self.parts: dict[str, Spin] = {}
        for column, part in enumerate(_PARTS):
            spin = self._make_spin(
                _("{name} {bound}").format(name=name, bound=_(_PART_TEXT[part])), suffix=False
            )  # the unit is said once, after
            spin.setMinimumWidth(60)
            spin.setToolTip(f"{_(_PART_TEXT[part])} — {self.meta.description}".strip(" —"))
            spin.valueChanged.connect(lambda _v, p=part: self._part_edited(p))
            caption = QLabel(_(_PART_TEXT[part]))
            caption.setObjectName("rangeCaption")
            caption.setStyleSheet("font-size: 8pt")
            caption.setBuddy(spin)
            layout.addWidget(caption, 0, column)
            layout.addWidget(spin, 1, column)
            layout.setColumnStretch(column, 1)
            self.parts[part] = spin
        if self.unit.suffix and self.unit.suffix != "$":
            layout.addWidget(QLabel(self.unit.shown), 1, 3)
        self.dist = QComboBox()
        for dist in _DISTS:  # the words people read, the distribution's name as data
            self.dist.addItem(choice_text(dist), dist)
        self.dist.setAccessibleName(_("{name} distribution").format(name=name))
        self.dist.setToolTip(_("How Monte Carlo samples the range"))
        self.dist.activated.connect(lambda _i: self._part_edited("dist"))
        layout.addWidget(self.dist, 1, 4)
        self.range_row = row
        self.grid.addWidget(row, 2, 0, 1, 4)
        self.range_note = QLabel()  # what an edit moved besides the box typed in
        self.range_note.setObjectName("rangeNote")
        self.range_note.setWordWrap(True)
        self.range_note.setStyleSheet("font-size: 8pt")
        self.range_note.hide()
        self.grid.addWidget(self.range_note, 4, 0, 1, 4)
        if self.span is not None:
            from .range_slider import MarkedRangeSlider

            self.rslider = MarkedRangeSlider(Qt.Orientation.Horizontal)
            self.rslider.setRange(0, STEPS)
            self.rslider.setPositions((0, STEPS // 2, STEPS))
            self.rslider.setAccessibleName(_("{name} range slider").format(name=name))
            self.rslider.sliderPressed.connect(self._drag_started)
            self.rslider.sliderReleased.connect(self._drag_ended)
            self.rslider.positionsChanged.connect(self._range_slid)
            self.grid.addWidget(self.rslider, 3, 0, 1, 4)
            self.rslider.set_mark(self._mark_position())
        chain = [w for w in (self.toggle, *self.parts.values(), self.dist, self.rslider) if w is not None]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self._range_built = True

    def show_baseline(self, scenario: Any | None) -> None:
        """Mark the sliders at this field's value in ``scenario`` (None: no mark)."""
        try:
            value = None if scenario is None else get_path(scenario, self.path)
        except KeyError:
            value = None
        self._baseline = None if value is None else base_of(value)
        for slider in (self.slider, self.rslider):
            if slider is not None:
                slider.set_mark(self._mark_position())

    def _mark_position(self) -> int | None:
        if self._baseline is None or self.span is None:
            return None
        return self._slider_pos(self._display(self._baseline))

    def editors(self) -> list[QWidget]:
        out: list[QWidget] = [self.spin]
        out += [w for w in (self.slider, self.toggle, self.own) if w is not None]
        if self._range_built:
            out += [*self.parts.values(), self.dist] + ([self.rslider] if self.rslider else [])
        return out

    def focus_path(self, path: str) -> bool:
        ranged = self._range_built and self.range_row.isVisibleTo(self)
        target = self.parts["base"] if ranged else self.spin
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # --- conversions
    def _display(self, stored: float) -> float:
        return self.unit.to_display(stored)

    def _stored(self, display: float) -> float:
        value = self.unit.to_stored(display)
        return round(value) if self.integer else value

    def _slider_span(self) -> tuple[float, float]:
        """The natural range the sliders cover (only a field with sliders asks)."""
        if self.span is None:
            raise RuntimeError(f"{self.path} has no slider")
        return self.span

    def _slider_pos(self, display: float) -> int:
        low, high = self._slider_span()
        return round(min(max((display - low) / (high - low), 0.0), 1.0) * STEPS)

    def _slider_value(self, pos: int) -> float:
        low, high = self._slider_span()
        return round(low + (high - low) * pos / STEPS, 0 if self.integer else self.unit.decimals)

    # --- model -> widgets
    def _show(self, value: Any) -> None:
        is_range = isinstance(value, Range)
        if self.own is not None:
            self.own.setChecked(value is not None)
            for w in (self.spin, self.slider, self.toggle):
                if w is not None:
                    w.setEnabled(value is not None)
        if self.toggle is not None:
            self.toggle.setChecked(is_range)
        single = not is_range
        self.spin.setVisible(single)
        if self.slider is not None:
            self.slider.setVisible(single)
        if self._range_built:
            self.range_row.setVisible(is_range)
            if self.rslider is not None:
                self.rslider.setVisible(is_range)
        if value is None:
            return
        if is_range:
            for part, spin in self.parts.items():
                set_spin(spin, self._display(getattr(value, part)))
            self.dist.setCurrentIndex(max(self.dist.findData(value.dist), 0))
            if self.rslider is not None and not self.rslider.isSliderDown():
                self.rslider.setPositions(tuple(self._slider_pos(self._display(getattr(value, p))) for p in _PARTS))
        else:
            set_spin(self.spin, self._display(value))
            if self.slider is not None and not self.slider.isSliderDown():
                self.slider.setValue(self._slider_pos(self._display(value)))

    def show_scenario(self, scenario: Any) -> None:
        if not self._range_built:
            try:
                if isinstance(get_path(scenario, self.path), Range):
                    self._build_range()
            except KeyError:
                pass
        super().show_scenario(scenario)

    # --- widgets -> model
    def _drag_started(self) -> None:
        self._drag_key = f"{self.path}#drag{next(_drags)}"

    def _drag_ended(self) -> None:
        self._drag_key = None

    def _single_edited(self, display: float) -> None:
        self.commit(self._stored(display))

    def _slider_moved(self, pos: int) -> None:
        self.commit(self._stored(self._slider_value(pos)), merge_key=self._drag_key)

    def _current_range(self) -> dict[str, Any]:
        value = self._shown
        if isinstance(value, Range):
            return value.model_dump()
        base = float(value) if isinstance(value, (int, float)) else 0.0
        return {"low": base, "base": base, "high": base, "dist": "triangular"}

    def _part_edited(self, part: str) -> None:
        data = self._current_range()
        if part == "dist":
            data["dist"] = self.dist.currentData()
        else:
            data[part] = self._stored(self.parts[part].value())
        moved = keep_order(data, part)
        if self.commit(data) and moved:
            moves = ", ".join(
                _("{part} moved to {value}").format(part=_(_PART_TEXT[other]), value=self.unit.text(data[other]))
                for other in moved
            )
            self.range_note.setText(_("Range widened: {moves} to keep low ≤ base ≤ high.").format(moves=moves))
            self.range_note.show()
        else:
            self.range_note.hide()

    def _range_slid(self, positions: tuple) -> None:
        data = self._current_range()
        shown = tuple(self._slider_pos(self._display(data[p])) for p in _PARTS)
        for part, pos, old in zip(_PARTS, positions, shown):
            if pos != old:  # handles not moved keep their exact value
                data[part] = self._stored(self._slider_value(pos))
        self.commit(data, merge_key=self._drag_key)

    def _range_toggled(self, on: bool) -> None:
        value = self._shown
        if on:
            base = float(value) if isinstance(value, (int, float)) else 0.0
            low = max(base * 0.9, self.meta.lower) if self.meta.lower is not None else base * 0.9
            high = min(base * 1.1, self.meta.maximum) if self.meta.maximum is not None else base * 1.1
            self.commit({"low": min(low, base), "base": base, "high": max(high, base), "dist": "triangular"})
        elif isinstance(value, Range):
            self.commit(value.base)

    def _own_toggled(self, on: bool) -> None:
        if not on:
            self.commit(None)
            return
        try:  # start from the scenario-wide value this one overrides
            fallback = get_path(self.document.scenario, f"operations.{self.meta.name}")
        except KeyError:
            fallback = self.meta.lower or 0.0
        self.commit(fallback)
