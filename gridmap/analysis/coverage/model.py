"""Coverage findings and the options of a check."""
from __future__ import annotations

from dataclasses import dataclass, field

#: Every finding type, in the order reports list them.
FINDING_TYPES = [
    "gap", "overlap", "cell_outside", "invalid_geometry",
    "building_unassigned", "building_split", "building_code_mismatch",
    "cell_no_worker", "cell_households", "grid_code_invalid",
    "building_not_visited", "cell_not_patrolled", "incident_outside", "incident_overdue", "silent_cell",
    "facility_unowned", "facility_unlinked",
]

#: Chinese names of the finding types, for the panel and reports.
FINDING_LABELS_ZH = {
    "gap": "网格空白区", "overlap": "网格重叠", "cell_outside": "网格超出边界", "invalid_geometry": "几何无效",
    "building_unassigned": "楼栋未入格", "building_split": "楼栋被网格线切分", "building_code_mismatch": "楼栋网格编码不符",
    "cell_no_worker": "网格无网格员", "cell_households": "网格户数超出范围", "grid_code_invalid": "网格编码不规范",
    "building_not_visited": "楼栋未巡查", "cell_not_patrolled": "网格未巡查", "incident_outside": "事件不在任何网格",
    "incident_overdue": "事件超期未办结", "silent_cell": "人口多但无事件的网格",
    "facility_unowned": "设施无产权/维护方", "facility_unlinked": "设施未关联楼栋",
}
FINDING_LABELS_EN = {
    "gap": "Gap between cells", "overlap": "Overlapping cells", "cell_outside": "Cell outside the boundary",
    "invalid_geometry": "Invalid geometry", "building_unassigned": "Building in no cell",
    "building_split": "Building cut by a cell border", "building_code_mismatch": "Building grid code mismatch",
    "cell_no_worker": "Cell without worker", "cell_households": "Households out of range",
    "grid_code_invalid": "Invalid grid code", "building_not_visited": "Building not visited",
    "cell_not_patrolled": "Cell not patrolled", "incident_outside": "Incident in no cell",
    "incident_overdue": "Overdue incident", "silent_cell": "Silent populous cell",
    "facility_unowned": "Facility without owner or maintainer", "facility_unlinked": "Facility serving no building",
}


@dataclass
class CoverageOptions:
    """What the user can set. Distances in metres, areas in m²."""

    tolerance_m: float = 0.01          # thinner than this is floating-point noise, not a gap
    min_gap_m2: float = 0.0            # report only gaps at least this large
    households_min: int = 200
    households_max: int = 500
    window_days: float = 30.0          # activity window, back from the newest record
    overdue_days: float = 7.0
    split_share: float = 0.05          # a building with more than this in a second cell is split
    holes_layer: str | None = None     # intentional holes (lake, railway): not gaps
    as_of: object = None               # reference time; default: the newest record

    def validate(self) -> None:
        """Raise ValueError naming the first option out of range."""
        if self.tolerance_m < 0:
            raise ValueError(f"tolerance must be >= 0 m, got {self.tolerance_m}")
        if self.min_gap_m2 < 0:
            raise ValueError(f"minimum gap area must be >= 0 m², got {self.min_gap_m2}")
        if not 0 <= self.households_min <= self.households_max:
            raise ValueError(f"households range must be 0 <= min <= max, got {self.households_min}-{self.households_max}")
        if self.window_days <= 0:
            raise ValueError(f"window must be > 0 days, got {self.window_days}")
        if self.overdue_days < 0:
            raise ValueError(f"overdue limit must be >= 0 days, got {self.overdue_days}")
        if not 0 < self.split_share < 0.5:
            raise ValueError(f"split share must be between 0 and 0.5, got {self.split_share}")


@dataclass(slots=True)
class Finding:
    """One exception: its type, the features involved, and where it is (metric CRS geometry)."""

    type: str
    layer: str | None
    rows: list[int]
    ids: list[str]
    geometry: object = None            # shapely geometry in the project's metric CRS
    area_m2: float | None = None
    detail: dict = field(default_factory=dict)

    def to_json(self, to_wgs84) -> dict:
        """JSON-ready dict; ``to_wgs84`` maps a metric geometry to EPSG:4326."""
        out = {"type": self.type, "layer": self.layer, "ids": self.ids}
        if self.area_m2 is not None:
            out["area_m2"] = round(float(self.area_m2), 3)
        out.update({k: v for k, v in self.detail.items()})
        if self.geometry is not None:
            out["wkt"] = to_wgs84(self.geometry).wkt
        return out


@dataclass
class CoverageReport:
    """All findings of one check, with the options and the reference time used."""

    findings: object                        # a batch.Findings (a plain list is wrapped into one)
    options: CoverageOptions
    as_of: object
    seconds: float = 0.0
    cell_last_patrol_days: object = None   # per cell: days since its last patrol (NaN: never)

    def __post_init__(self) -> None:
        from .batch import Findings
        if not isinstance(self.findings, Findings):
            self.findings = Findings([list(self.findings)])

    def summary(self) -> dict[str, int]:
        counts = {t: 0 for t in FINDING_TYPES}
        counts.update(self.findings.counts())
        return counts

    def of_type(self, kind: str):
        """The findings of one type (a sequence: len, iteration, indexing, slicing)."""
        return self.findings.of_type(kind)

    @property
    def ok(self) -> bool:
        return not self.findings
