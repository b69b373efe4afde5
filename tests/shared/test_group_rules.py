"""A group's settings and the list of themes (``shared.groups.rules``, ``shared.groups.operations``)."""

import datetime as dt

import pytest

from shared.errors import DomainError
from shared.groups.operations import create_group, create_theme, update_group, update_theme
from shared.groups.rules import GroupRuleError, meeting_weeks_text

GROUP = dict(name="ID'MIX Est", district="Circonscription Est", location="CMS des Lilas",
             started_on=dt.date(2026, 1, 8))


@pytest.mark.parametrize("typed, stored", [("2,4", "2,4"), (" 4 , 2,2 ", "2,4"), ("1,3,5", "1,3,5")])
def test_meeting_weeks_are_stored_in_order_without_repeats(typed, stored):
    assert meeting_weeks_text(typed) == stored


@pytest.mark.parametrize("typed", ["", "0", "6", "2,x", "deux"])
def test_meeting_weeks_outside_1_to_5_are_refused(typed):
    with pytest.raises(GroupRuleError) as refused:
        meeting_weeks_text(typed)
    assert refused.value.field == "meeting_weeks" and "chiffres de 1 à 5" in refused.value.message


@pytest.mark.parametrize("overrides, field", [
    ({"meets_from": dt.time(17), "meets_until": dt.time(14)}, "meets_until"),
    ({"trial_allowance": 21}, "trial_allowance"), ({"checkin_opens_before": -1}, "checkin_opens_before"),
    ({"weekday": 7}, "weekday"), ({"started_on": None}, "started_on"), ({"name": "  "}, "name"),
    ({"district": "d" * 121}, "district"),
])
def test_a_group_breaking_a_rule_is_refused_on_its_field(db, overrides, field):
    with pytest.raises(DomainError) as refused:
        create_group(db, **(GROUP | overrides))
    assert refused.value.field == field


def test_a_group_name_is_unique_whatever_its_case(db, make):
    existing = make.group(name="ID'MIX Nord")
    with pytest.raises(GroupRuleError) as refused:
        create_group(db, **(GROUP | {"name": "id'mix nord"}))
    assert refused.value.message == "Un groupe porte déjà ce nom."
    group = create_group(db, **GROUP)
    values = {k: getattr(existing, k) for k in ("district", "location", "started_on", "meeting_weeks", "weekday",
                                                "meets_from", "meets_until", "trial_allowance",
                                                "checkin_opens_before", "requires_pin", "active")}
    update_group(db, existing, name="ID'MIX Nord", staff=[], **values)  # keeping its own name is fine
    assert group.id and existing.name == "ID'MIX Nord"


def test_a_theme_name_is_unique_and_cleaned(db, make):
    make.theme(name="Cuisine")
    with pytest.raises(GroupRuleError) as refused:
        create_theme(db, name=" CUISINE ")
    assert refused.value.field == "name"
    theme = create_theme(db, name=" Jardinage\x07 ", pictogram=None)
    assert (theme.name, theme.pictogram, theme.active) == ("Jardinage", "atelier", True)
    update_theme(db, theme, name="Jardinage", pictogram="jardinage", active=False)
    assert not theme.active
