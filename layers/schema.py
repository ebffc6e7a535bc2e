"""Column and layer specifications of the data contract (DOMAIN.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

#: Column value types understood by the validator.
STR, INT, FLOAT, TIME, CODE = "str", "int", "float", "time", "code"

POLYGON = ("Polygon",)
POLYGONAL = ("Polygon", "MultiPolygon")
POINT = ("Point",)


@dataclass(frozen=True)
class Column:
    """One contract column.

    ``required`` columns must exist in a file; the others are added empty when absent.
    ``sensitive`` columns never reach a print, a web export or a screenshot.
    ``codes`` is the code list of a CODE column (see layers.codes).
    """

    name: str
    type: str = STR
    required: bool = True
    sensitive: bool = False
    codes: dict | None = None


@dataclass(frozen=True)
class LayerSpec:
    """The contract of one layer: name, labels, geometry types (None: a table) and columns."""

    name: str
    label_zh: str
    label_en: str
    geometry_types: tuple[str, ...] | None
    columns: tuple[Column, ...]
    id_column: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def sensitive_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.sensitive]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)
