"""Patrol records (巡查记录): a worker's visit to a building."""
from .base import LayerModel
from .schema import POINT, TIME, Column, LayerSpec


class PatrolsLayer(LayerModel):
    spec = LayerSpec(
        name="patrols", label_zh="巡查记录", label_en="Patrols", geometry_types=POINT,
        columns=(
            Column("patrol_id"),
            Column("worker"),
            Column("grid_code"),
            Column("building_id", required=False),
            Column("visited_at", TIME),
        ),
        id_column="patrol_id")
