"""The street's boundary (街道边界)."""
from .base import LayerModel
from .schema import POLYGONAL, Column, LayerSpec


class BoundaryLayer(LayerModel):
    spec = LayerSpec(
        name="boundary", label_zh="街道边界", label_en="Boundary", geometry_types=POLYGONAL,
        columns=(Column("name"), Column("code", required=False)), id_column="code")
