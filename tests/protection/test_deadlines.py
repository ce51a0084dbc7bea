"""The report's deadline is counted on the calendar: N calendar days from the order's date (or
its receipt), the day it starts from not counted; a last day on a Saturday, Sunday or public
holiday moves to the next working day. Wrong dates are refused, nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ambito.core.audit import EventLog
from ambito.protection.models import CourtOrder
from ambito.protection.services.orders import due_date_for, order_create

from .conftest import order_data

pytestmark = pytest.mark.django_db


def test_thirty_calendar_days_from_a_wednesday_is_a_friday_in_the_next_month():
    assert due_date_for(start=dt.date(2026, 3, 2), days=30) == dt.date(2026, 4, 1)


def test_a_deadline_landing_on_a_sunday_moves_to_monday():
    # 30 January 2026 + 30 days = Sunday 1 March.
    assert due_date_for(start=dt.date(2026, 1, 30), days=30) == dt.date(2026, 3, 2)


def test_a_deadline_landing_on_a_holiday_moves_past_the_weekend_after_it():
    # 1 April + 30 days = Friday 1 May (Festa dei lavoratori): Saturday and Sunday follow.
    assert due_date_for(start=dt.date(2026, 4, 1), days=30) == dt.date(2026, 5, 4)


def test_a_deadline_on_republic_day_moves_to_the_next_day():
    assert due_date_for(start=dt.date(2026, 5, 3), days=30) == dt.date(2026, 6, 3)


def test_the_patron_saint_of_the_zones_province_is_a_holiday():
    # San Jacopo, 25 July, patron of Pistoia (a Saturday in 2026: 24 July + 1 day is Friday).
    assert due_date_for(start=dt.date(2025, 6, 25), days=30, province="PT") == dt.date(2025, 7, 28)
    assert due_date_for(start=dt.date(2025, 6, 25), days=30, province=None) == dt.date(2025, 7, 25)


def test_an_order_stores_its_due_date_counted_from_the_order(order):
    assert order.due_date == dt.date(2026, 5, 4)
    assert order.status == "open"


def test_the_days_may_run_from_the_receipt(case, social_worker_a):
    order = order_create(
        actor=social_worker_a,
        case=case,
        **order_data(received_date=dt.date(2026, 4, 10), days_from="receipt"),
    )
    assert order.due_date == dt.date(2026, 5, 11)  # 10 May is a Sunday


def test_a_fixed_date_written_in_the_order_is_kept(case, social_worker_a):
    order = order_create(
        actor=social_worker_a,
        case=case,
        **order_data(report_days=None, due_date=dt.date(2026, 6, 15)),
    )
    assert order.due_date == dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"report_days": None, "due_date": dt.date(2026, 3, 20)},
            "due_date",
            "La scadenza della relazione non può precedere la data del provvedimento (01/04/2026).",
        ),
        (
            {"received_date": dt.date(2026, 3, 31)},
            "received_date",
            "La data di ricezione non può precedere la data del provvedimento (01/04/2026).",
        ),
        ({"report_days": 0}, "report_days", "I giorni per la relazione vanno da 1 a 730."),
        ({"reference": "  "}, "reference", "Indica il riferimento"),
    ],
)
def test_wrong_dates_are_refused_in_italian_and_nothing_is_written(
    case, social_worker_a, overrides, field, message
):
    events = EventLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        order_create(actor=social_worker_a, case=case, **order_data(**overrides))
    assert message in refused.value.message_dict[field][0]
    assert CourtOrder.objects.count() == 0
    assert EventLog.objects.count() == events


def test_every_wrong_field_is_reported_at_once(case, social_worker_a):
    with pytest.raises(ValidationError) as refused:
        order_create(
            actor=social_worker_a,
            case=case,
            **order_data(received_date=dt.date(2026, 1, 1), authority="x", subject=""),
        )
    assert {"received_date", "authority", "subject"} <= set(refused.value.message_dict)
