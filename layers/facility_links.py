"""Links between facilities and buildings (a table without geometry)."""
from .base import LayerModel
from .codes import LINK_ROLE
from .schema import CODE, Column, LayerSpec


class FacilityLinksLayer(LayerModel):
    spec = LayerSpec(
        name="facility_links", label_zh="设施关联", label_en="Facility links", geometry_types=None,
        columns=(
            Column("facility_id"),
            Column("building_id"),
            Column("role", CODE, codes=LINK_ROLE),
        ))
