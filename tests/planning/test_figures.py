from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ambito.planning.figures import largest_remainder, shares


def test_shares_add_up_to_100_where_plain_rounding_does_not():
    values = [Decimal(1), Decimal(1), Decimal(1)]
    assert shares(values) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(shares(values)) == Decimal("100.0")


def test_the_seed_spending_split_is_kept():
    assert shares([Decimal(30), Decimal(18), Decimal(52)], 0) == [30, 18, 52]


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30))
def test_shares_always_add_up_to_100(values):
    parts = shares([Decimal(v) for v in values])
    assert sum(parts) == (Decimal("100.0") if any(values) else 0)
    assert all(p >= 0 for p in parts)


@given(
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=20),
    st.integers(min_value=0, max_value=10**8),
)
def test_quotas_add_up_to_the_total_to_the_cent(weights, cents):
    total = Decimal(cents) / 100
    parts = largest_remainder([Decimal(w) for w in weights], total, Decimal("0.01"))
    assert sum(parts) == total
