"""Uncertainty, sensitivity, goal seek and comparison in the window."""
