"""The case file (案件记录) of incidents: dispatch to a department, its reporting in (报到),
escalation community → street → district with a reason, coordination meetings (date, departments
and parties present, outcome), the agreement's terms, follow-up visits. A table without geometry,
one row per entry, in time order per incident. Parties are organisations and roles (物业公司,
居民代表), never people's names or phones: a case file is printed for the meeting."""
from .base import LayerModel
from .codes import CASE_EVENT, INCIDENT_LEVEL
from .schema import CODE, TIME, Column, LayerSpec


class CaseEventsLayer(LayerModel):
    spec = LayerSpec(
        name="case_events", label_zh="案件记录", label_en="Case file", geometry_types=None,
        columns=(
            Column("event_id"),
            Column("incident_id"),
            Column("at", TIME),
            Column("kind", CODE, codes=CASE_EVENT),
            Column("department", required=False),
            Column("level", CODE, required=False, codes=INCIDENT_LEVEL),
            Column("parties", required=False),
            Column("reason", required=False),
            Column("outcome", required=False),
            Column("terms", required=False),
        ),
        id_column="event_id")
