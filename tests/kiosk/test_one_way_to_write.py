"""The kiosk writes only through operations of ``shared/``, as the back-office does: a direct write is refused."""

import pytest

from kiosk.extensions import db as kiosk_db
from shared.kiosk.models import WalkIn
from shared.writes import UnguardedWrite


def test_a_record_written_outside_an_operation_is_not_saved(kiosk_app, kiosk, db):
    with kiosk_app.app_context():
        kiosk_db.session.add(WalkIn(session_id=kiosk.session.id, first_name="Sans passer par le domaine"))
        with pytest.raises(UnguardedWrite, match="WalkIn"):
            kiosk_db.session.commit()
        kiosk_db.session.rollback()
    assert db.query(WalkIn).count() == 0
