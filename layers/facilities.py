"""Facilities (设施) such as pump rooms and heat stations, possibly shared."""
from .base import LayerModel
from .codes import FACILITY_KIND
from .schema import CODE, POINT, Column, LayerSpec


class FacilitiesLayer(LayerModel):
    spec = LayerSpec(
        name="facilities", label_zh="设施", label_en="Facilities", geometry_types=POINT,
        columns=(
            Column("facility_id"),
            Column("kind", CODE, codes=FACILITY_KIND),
            Column("name", required=False),
            Column("owner", required=False),
            Column("maintainer", required=False),
        ),
        id_column="facility_id")
