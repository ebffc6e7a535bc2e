"""Management grid cells (网格), each with a grid worker (网格员)."""
from .base import LayerModel
from .schema import INT, POLYGON, Column, LayerSpec


class GridCellsLayer(LayerModel):
    spec = LayerSpec(
        name="grid_cells", label_zh="网格", label_en="Grid cells", geometry_types=POLYGON,
        columns=(
            Column("grid_code"),
            Column("name", required=False),
            Column("community_code"),
            Column("worker"),
            Column("worker_phone", required=False, sensitive=True),
            Column("households", INT, required=False),
        ),
        id_column="grid_code")
