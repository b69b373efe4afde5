"""Attestations de parcours in the domain: what may be proposed, consent per item, issue, revoke, reissue."""

import pytest
from sqlalchemy import select

from shared.attestations import codes
from shared.attestations.content import proposals, sections
from shared.attestations.models import AttestationRequest, ItemKind
from shared.attestations.operations import (AttestationError, issue_attestation, reissue_attestation,
                                            request_attestation, revoke_attestation)
from shared.attestations.queries import journey, skills_recognised
from shared.attestations.skills import DEFAULT_SKILLS, SkillError, add_skill, skill_choices
from tests.attestation_journey import NOT_REACHED, REACHED, SECRETS, full_journey
from tests.conftest import TODAY


@pytest.fixture
def story(db, make, today):
    return full_journey(make, db)


def test_proposals_say_the_period_the_sessions_attended_the_themes_and_objectives_reached(db, story):
    found = {p.key: p.text for p in proposals(db, story.person)}
    assert found["group"] == f"Groupe {story.group.name}, du 13/02/2025 au 27/03/2025."
    assert found["sessions"] == "J'ai participé à 4 séances."
    assert found["activities"].startswith("Activités\u00a0: cuisine") and "jardinage" in found["activities"]
    assert [text for key, text in found.items() if key.startswith("objective-")] == [REACHED]


def test_proposals_never_carry_a_benefit_a_referral_an_absence_or_a_review_s_other_words(db, story):
    text = "\n".join(p.text for p in proposals(db, story.person)).lower()
    for secret in SECRETS:
        assert secret.lower() not in text


def test_only_consented_items_are_included_each_with_its_day(db, story, today):
    refused = {"activities"}
    keys = {p.key for p in proposals(db, story.person)} - refused
    attestation = issue_attestation(db, story.person, consented=keys, skills=[DEFAULT_SKILLS[0]],
                                    own_words="  J'ai   repris confiance.  ", actor=story.facilitator)
    by_kind = {item.kind: item for item in attestation.items}
    assert by_kind[ItemKind.ACTIVITIES].included is False and by_kind[ItemKind.ACTIVITIES].consent_on is None
    assert all(item.consent_on == today for item in attestation.included)
    shown = [line for section in sections(attestation) for line in section.lines]
    assert "J'ai repris confiance." in shown and DEFAULT_SKILLS[0] in shown
    assert not any(line.startswith("Activités") for line in shown)
    assert attestation.signed_by == "Claire Animatrice" and "CMS des Tilleuls" in attestation.structure
    assert codes.normalised(codes.readable(attestation.code).lower()) == attestation.code


def test_an_attestation_that_would_say_nothing_is_refused(db, story):
    with pytest.raises(AttestationError, match="ne dirait rien"):
        issue_attestation(db, story.person, consented=[], actor=story.facilitator)


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(consented=["benefit"]), "rechargez la page"),
    (dict(consented=["group"], skills=["Piloter un avion"]), "plus dans la liste"),
    (dict(consented=["group"], own_words="x" * 301), "300 caractères au plus"),
])
def test_anything_not_proposed_is_refused_in_french(db, story, kwargs, message):
    with pytest.raises(AttestationError, match=message):
        issue_attestation(db, story.person, actor=story.facilitator, **kwargs)


def test_revoke_then_reissue_links_the_new_one_and_keeps_the_old_one_revoked(db, story, today):
    first = issue_attestation(db, story.person, consented=["group"], actor=story.facilitator)
    second = reissue_attestation(db, first, consented=["group", "sessions"], actor=story.facilitator)
    assert first.revoked_on == today and second.replaces_id == first.id and not second.revoked
    assert second.code != first.code
    with pytest.raises(AttestationError, match="déjà révoquée"):
        revoke_attestation(db, first, actor=story.facilitator)
    with pytest.raises(AttestationError, match="déjà été refaite"):
        reissue_attestation(db, first, consented=["group"], actor=story.facilitator)


def test_a_tablet_request_waits_once_and_is_answered_by_the_next_attestation(db, story, today):
    first = request_attestation(db, story.person)
    assert request_attestation(db, story.person) is first
    issue_attestation(db, story.person, consented=["group"], actor=story.facilitator)
    assert db.scalar(select(AttestationRequest.answered_on).where(AttestationRequest.id == first.id)) == today


def test_skills_list_is_extended_by_admins_without_duplicates(db, story):
    add_skill(db, "  Animer   un atelier ")
    assert "Animer un atelier" in skill_choices(db)
    for name, message in (("animer un atelier", "déjà dans la liste"), (DEFAULT_SKILLS[1].upper(), "déjà"),
                          ("   ", "Écrivez la compétence"), ("x" * 121, "120 caractères")):
        with pytest.raises(SkillError, match=message):
            add_skill(db, name)


def test_skills_recognised_count_only_valid_attestations(db, story):
    first = issue_attestation(db, story.person, consented=[], skills=DEFAULT_SKILLS[:2], actor=story.facilitator)
    assert db.scalars(skills_recognised(story.person.id)).all() == sorted(DEFAULT_SKILLS[:2])
    revoke_attestation(db, first, actor=story.facilitator)
    assert db.scalars(skills_recognised(story.person.id)).all() == []


def test_journey_counts_presence_only(db, story):
    found = journey(db, story.person.id, story.group.id)
    assert found.sessions == 4 and not any(name.startswith("Sorties") for name in found.theme_names)


def test_an_objective_still_in_progress_is_never_proposed(db, story):
    assert NOT_REACHED not in [p.text for p in proposals(db, story.person)]


def test_the_yearly_report_counts_attestations_issued_and_skills_recognised(db, story, make):
    from shared.reports.figures import activity_report

    first = issue_attestation(db, story.person, consented=["group"], skills=DEFAULT_SKILLS[:3], actor=story.facilitator)
    reissue_attestation(db, first, consented=["group"], skills=DEFAULT_SKILLS[:2], actor=story.facilitator)
    elsewhere = full_journey(make, db)
    issue_attestation(db, elsewhere.person, consented=["group"], skills=DEFAULT_SKILLS[:1], actor=elsewhere.facilitator)
    year = activity_report(db, period_from=TODAY.replace(month=1, day=1), period_to=TODAY.replace(month=12, day=31),
                           group_id=story.group.id)
    assert (year.attestations.issued, year.attestations.people, year.attestations.skills) == (2, 1, 2)
    everyone = activity_report(db, period_from=TODAY.replace(month=1, day=1), period_to=TODAY.replace(month=12, day=31))
    assert everyone.attestations.issued >= 3
    last_year = activity_report(db, period_from=TODAY.replace(year=TODAY.year - 1, month=1, day=1),
                                period_to=TODAY.replace(year=TODAY.year - 1, month=12, day=31), group_id=story.group.id)
    assert last_year.attestations.issued == 0


def test_anonymising_the_person_revokes_their_attestations_and_blanks_every_line(db, story, today):
    from shared.attestations.models import Attestation, AttestationItem
    from shared.retention.anonymisation import ANONYMOUS_ATTESTATION_LINE, anonymise_person

    attestation = issue_attestation(db, story.person, consented=["group"], own_words="Ma phrase à moi",
                                    actor=story.facilitator)
    anonymise_person(db, story.person, actor=None, reason="Demande de la personne")
    assert db.scalar(select(Attestation.revoked_on).where(Attestation.id == attestation.id)) == today
    texts = set(db.scalars(select(AttestationItem.text).where(AttestationItem.attestation_id == attestation.id)))
    assert texts == {ANONYMOUS_ATTESTATION_LINE}
    with pytest.raises(AttestationError, match="anonymisée"):
        issue_attestation(db, db.get(type(story.person), story.person.id), consented=[], skills=[DEFAULT_SKILLS[0]],
                          actor=story.facilitator)


def test_the_tablet_shows_a_journey_only_in_a_group_that_asks_for_pins(make):
    from shared.attestations.tablet import journey_on_tablet

    assert journey_on_tablet(make.group(requires_pin=True))
    assert not journey_on_tablet(make.group(requires_pin=False))
