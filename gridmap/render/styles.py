"""The styles a user can choose per layer (the painters read ``layer.style``)."""
from __future__ import annotations

STYLES: dict[str, list[str]] = {
    "grid_cells": ["default", "community", "households", "incident_count", "incident_rate", "hotspot", "emerging"],
    "buildings": ["default", "households"],
    "incidents": ["default", "status", "level", "clusters", "heatmap"],
    "facilities": ["default"],
    "communities": ["default"],
    "boundary": ["default"],
    "roads": ["default"],
    "patrols": ["default"],
}
