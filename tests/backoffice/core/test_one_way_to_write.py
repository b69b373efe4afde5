"""Every write of the back-office goes through an operation of ``shared/``: Flask-Admin's forms are
only input, what the domain derives is never a form field, and a direct write is refused."""

import re

import pytest
from flask_admin.contrib.sqla import ModelView

from backoffice.extensions import db as bo_db
from backoffice.core.domain_writes import DomainWrites
from shared.groups.models import Theme
from shared.writes import UnguardedWrite, operation
from tests.backoffice.world import build_world, record_ids

# Derived by the domain (shared/): never typed into a form.
DERIVED = {
    "participant": {"last_contact_on", "status_code", "closed_on"},
    "referral": set(),
    "attendance": {"is_trial", "source", "recorded_at"},
    "contract": {"group", "group_id", "version_id", "renews", "renewed_by", "ended_early_on", "created_at"},
    "session": set(),
    "exit": {"contract"},
}
INPUT = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _model_views(app):
    admin = app.extensions["admin"][0]
    return [view for view in admin._views if isinstance(view, ModelView)]


def _fields(page: str) -> set[str]:
    return set(INPUT.findall(page))


def test_a_record_changed_outside_an_operation_is_not_saved(app, db, make):
    theme = make.theme(name="Cuisine")
    db.commit()
    with app.app_context():
        record = bo_db.session.get(Theme, theme.id)
        record.name = "Changé sans passer par le domaine"
        with pytest.raises(UnguardedWrite, match="Theme"):
            bo_db.session.commit()
        bo_db.session.rollback()

        @operation
        def rename(session, record, name):
            record.name = name

        rename(bo_db.session, record, "Cuisine du monde")
        bo_db.session.commit()
    db.expire_all()
    assert db.get(Theme, theme.id).name == "Cuisine du monde"


def test_every_form_the_back_office_offers_is_saved_by_an_operation(app, world, login_as):
    """A view that offers a create or edit form overrides the hook that hands it to shared/."""
    admin = login_as(world.admin)
    ids = record_ids(world)
    offered = 0
    for view in _model_views(app):
        cls = type(view)
        if admin.get(f"/{view.endpoint}/new/").status_code == 200:
            offered += 1
            assert cls.create_record is not DomainWrites.create_record, f"{view.endpoint}: create"
        record_id = ids.get(view.endpoint)
        if record_id is not None and admin.get(f"/{view.endpoint}/edit/?id={record_id}").status_code == 200:
            offered += 1
            assert cls.update_record is not DomainWrites.update_record, f"{view.endpoint}: edit"
    assert offered >= 10


@pytest.mark.parametrize("endpoint", sorted(DERIVED))
def test_what_the_domain_derives_is_never_a_form_field(world, login_as, endpoint):
    admin = login_as(world.admin)
    pages = [admin.get(f"/{endpoint}/new/")]
    pages.append(admin.get(f"/{endpoint}/edit/?id={record_ids(world)[endpoint]}"))
    for page in pages:
        assert page.status_code == 200, endpoint
        assert not _fields(page.get_data(as_text=True)) & DERIVED[endpoint], endpoint
