"""The score sheet applied to an evaluation, and the fee rule applied to an admission: pure
functions of the configuration and the items (no database), so the same inputs always give
the same score, class and share."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..choices import PriorityClass

CENT = Decimal("0.01")


def _band(bands, value):
    """The second element of the first band [up_to, x] whose up_to (None = no limit) covers
    `value`; None when no band covers it."""
    for up_to, result in bands:
        if up_to is None or Decimal(str(value)) <= Decimal(str(up_to)):
            return Decimal(str(result))
    return None


def base_score(sheet, *, health_score, lives_alone, caregiver, isee) -> Decimal:
    score = Decimal(health_score) * sheet.health_weight
    if lives_alone:
        score += sheet.lives_alone_points
    score += sheet.caregiver_present_points if caregiver else sheet.caregiver_absent_points
    if isee is None:
        score += sheet.isee_missing_points
    else:
        score += _band(sheet.isee_bands, isee) or 0
    return score.quantize(CENT, ROUND_HALF_UP)


def priority_class(sheet, *, hospital_discharge, urgent_social) -> int:
    if hospital_discharge and sheet.discharge_priority:
        return PriorityClass.HOSPITAL_DISCHARGE
    if urgent_social and sheet.urgent_social_priority:
        return PriorityClass.URGENT_SOCIAL
    return PriorityClass.ORDINARY


def municipal_share(rule, *, monthly_fee, isee) -> tuple[Decimal, Decimal]:
    """(percent of the social part paid by the municipality, the monthly amount). No ISEE
    presented: the last band (the highest income)."""
    if rule is None:
        return Decimal(0), Decimal(0)
    bands = rule.bands or []
    if isee is None:
        percent = Decimal(str(bands[-1][1])) if bands else Decimal(0)
    else:
        percent = _band(bands, isee) or Decimal(0)
    social = Decimal(monthly_fee) * rule.social_part_percent / 100
    return percent, (social * percent / 100).quantize(CENT, ROUND_HALF_UP)


def check_bands(bands, label: str) -> str | None:
    """An Italian message when `bands` is not [[ascending up_to..., None?], value] pairs."""
    if not isinstance(bands, list) or not bands:
        return f"Indica almeno una fascia ({label})."
    previous = None
    for i, band in enumerate(bands):
        if not isinstance(band, (list, tuple)) or len(band) != 2:
            return f"Ogni fascia è una coppia «fino a €, {label}»."
        up_to, value = band
        try:
            Decimal(str(value))
            if up_to is not None:
                up = Decimal(str(up_to))
                if previous is not None and up <= previous:
                    return "Le fasce ISEE devono essere in ordine crescente."
                previous = up
            elif i != len(bands) - 1:
                return "Solo l'ultima fascia può essere senza limite."
        except ArithmeticError:
            return "Valori delle fasce non validi: usa numeri."
    return None
