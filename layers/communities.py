"""Communities (社区): the level between the street and its grid cells."""
from .base import LayerModel
from .schema import POLYGONAL, Column, LayerSpec


class CommunitiesLayer(LayerModel):
    spec = LayerSpec(
        name="communities", label_zh="社区", label_en="Communities", geometry_types=POLYGONAL,
        columns=(Column("community_code"), Column("name")), id_column="community_code")
