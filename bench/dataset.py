"""The benchmarks' database: where it lives, generated once, and tablets ready to sign people in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session as DbSession

import shared.models  # noqa: F401  (registers every model)
from shared import clock
from shared.db import make_engine
from shared.demo.scale import ADMIN_EMAIL, SCALES, facilitator_email, generate
from shared.groups.models import Group, group_staff
from shared.kiosk.models import Device
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.migrate import upgrade_to_head
from shared.people.queries import may_attend
from shared.sessions.models import Attendance, Session
from shared.sessions.queries import session_on
from shared.staff.models import StaffMember

DEFAULT_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/idmix_bench"
PASSWORD = "idmix-bench-2026"  # every account of the generated data set
TABLET_NAME = "Tablette de mesure"
COUNTED = {"groups": Group, "participants": shared.models.Participant, "attendances": Attendance,
           "feedback": shared.models.Feedback, "contracts": shared.models.Contract}


def add_data_arguments(parser) -> None:
    """The options every benchmark takes to find its data set: --database, --scale, --url, --data-dir."""
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", choices=("small", "department"), default="department")
    parser.add_argument("--url", help="a database URL (default: instance/bench/<scale>.sqlite3 or idmix_bench)")
    parser.add_argument("--data-dir", default="instance/bench")


def database_url(backend: str, scale: str, url: str | None, data_dir: str) -> str:
    if url:
        return url
    if backend == "postgresql":
        return DEFAULT_POSTGRESQL
    path = Path(data_dir).resolve() / f"{scale}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def ensure_data(url: str, scale: str, progress=print) -> dict[str, int]:
    """Migrate; generate the data set unless it is there; return the main counts."""
    upgrade_to_head(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        if connection.scalar(select(StaffMember.id).where(StaffMember.email == ADMIN_EMAIL)) is None:
            progress(f"Generating the {scale} data set (once)...")
            generate(connection, SCALES[scale], password=PASSWORD, progress=progress)
            generated = True
        else:
            generated = False
    if generated and engine.dialect.name == "postgresql":
        # As autovacuum leaves a maintained database: the visibility map set, so that PostgreSQL answers
        # counts from an index alone (VACUUM cannot run in a transaction).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    with DbSession(engine) as db:
        counts = {name: db.scalar(select(func.count()).select_from(model)) for name, model in COUNTED.items()}
    engine.dispose()
    return counts


@dataclass(frozen=True)
class Tablet:
    group_id: int
    session_id: int
    token: str  # the enrolled device's cookie
    people: list[int]  # who may sign in, in the tiles' order


def dataset_group(db: DbSession, number: int) -> Group:
    """The data set's group ``number`` (1-based): the first group of its facilitator."""
    return db.scalars(
        select(Group).join(group_staff, group_staff.c.group_id == Group.id)
        .join(StaffMember, StaffMember.id == group_staff.c.staff_id)
        .where(StaffMember.email == facilitator_email(number)).order_by(Group.id).limit(1)
    ).one()


def prepare_tablets(url: str, count: int = 1) -> list[Tablet]:
    """For the first ``count`` groups: a session today open all day long, a newly enrolled tablet
    (the previous benchmark tablets removed) and the people who may sign in; nobody signed in yet."""
    now = clock.now()
    engine = make_engine(url)
    tablets = []
    with DbSession(engine, expire_on_commit=False) as db:
        db.execute(delete(Device).where(Device.name == TABLET_NAME))
        for number in range(1, count + 1):
            group = dataset_group(db, number)
            session = db.scalar(session_on(group.id, now.date()))
            if session is None:
                session = Session(group_id=group.id, held_on=now.date(), title="Séance de mesure",
                                  place=group.location, starts_at=dt.time(0, 30), ends_at=dt.time(23, 59, 59))
                db.add(session)
            session.starts_at, session.ends_at, session.cancelled = dt.time(0, 30), dt.time(23, 59, 59), False
            group.checkin_opens_before = 30  # open from midnight
            code = create_enrolment_code(db, group=group, actor=None, now=now).code
            enrolment = enrol_device(db, code=code, now=now, name=TABLET_NAME)
            db.flush()
            db.execute(delete(Attendance).where(Attendance.session_id == session.id))
            people = list(db.scalars(may_attend(group.id).with_only_columns(shared.models.Participant.id)))
            tablets.append(Tablet(group.id, session.id, enrolment.token, people))
        db.commit()
    engine.dispose()
    return tablets


def clear_sign_ins(url: str, tablets: list[Tablet]) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(delete(Attendance).where(Attendance.session_id.in_([t.session_id for t in tablets])))
    engine.dispose()
