"""Case work at a command centre with several desks (PostgreSQL): one desk dispatches a case by the
rules it keeps in the project and records the meeting and the agreement; the other desk opens the
project and finds the rules, the case's department, level and deadline, and its case file as made."""
import pandas as pd

from gridmap.analysis.case_file import add_entry, suggest
from gridmap.analysis.dispatch import community_of_incident
from gridmap.io.dispatch_rules import META_KEY, project_rules, read_rules, rules_to_text
from gridmap.project import Project
from gridmap.server.store import init, push
from gridmap.server.url import parse


def test_a_case_file_made_at_one_desk_is_read_at_another(cluster, demo_project):
    url = cluster.url(project="cases")
    init(parse(url))
    push(demo_project, parse(url))
    a = Project.open(url)
    a.meta[META_KEY] = rules_to_text(read_rules("data/dispatch_rules.csv"))
    incidents, events = a["incidents"].data, a["case_events"].data
    row = int(((incidents["status"] == "received") & incidents["department"].isna()).to_numpy().nonzero()[0][0])
    case = incidents["incident_id"].iloc[row]
    at = incidents["reported_at"].iloc[row] + pd.Timedelta(hours=1)
    s = suggest(project_rules(a), incidents["category"].iloc[row], community_of_incident(a, row),
                incidents["reported_at"].iloc[row])
    i1, e1 = add_entry(incidents, events, row, "dispatch", at,
                       {"department": s.department, "level": s.level, "due_at": s.due_at})
    i2, e2 = add_entry(i1, e1, row, "meeting", at + pd.Timedelta(hours=5), {"parties": "物业公司、住户代表",
                                                                           "outcome": "达成协议"})
    i3, e3 = add_entry(i2, e2, row, "agreement", at + pd.Timedelta(hours=6), {"terms": "物业三日内维修；费用由物业承担"})
    a["incidents"].data, a["case_events"].data = i3, e3
    a.save()
    b = Project.open(url)
    assert project_rules(b) == project_rules(a)
    mine = b["incidents"].data.set_index("incident_id").loc[case]
    assert (mine["status"], mine["department"], mine["level"], mine["due_at"]) == (
        "dispatched", s.department, s.level, s.due_at)
    theirs = b["case_events"].data
    theirs = theirs[theirs["incident_id"] == case].sort_values("at")
    assert theirs["kind"].tolist() == ["dispatch", "meeting", "agreement"]
    assert theirs["terms"].iloc[-1] == "物业三日内维修；费用由物业承担"
    assert theirs["at"].tolist() == [at, at + pd.Timedelta(hours=5), at + pd.Timedelta(hours=6)]
    assert len(b["case_events"]) == len(demo_project["case_events"]) + 3
