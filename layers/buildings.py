"""Building footprints (楼栋) with address, use and households."""
from .base import LayerModel
from .codes import BUILDING_USE
from .schema import CODE, INT, POLYGON, Column, LayerSpec


class BuildingsLayer(LayerModel):
    spec = LayerSpec(
        name="buildings", label_zh="楼栋", label_en="Buildings", geometry_types=POLYGON,
        columns=(
            Column("building_id"),
            Column("address"),
            Column("name", required=False),
            Column("compound", required=False),
            Column("use", CODE, codes=BUILDING_USE),
            Column("floors", INT, required=False),
            Column("households", INT),
            Column("grid_code"),
        ),
        id_column="building_id")
