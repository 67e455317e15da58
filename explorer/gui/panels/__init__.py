"""Input panels generated from the scenario model's field metadata."""

from .inputs import InputsPanel

__all__ = ["InputsPanel"]
