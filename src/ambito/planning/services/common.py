from decimal import Decimal, InvalidOperation

NOT_ALLOWED = "Non hai il permesso per questa operazione di programmazione."


def money(value, field: str, errors: dict, *, label: str, positive: bool = False) -> Decimal | None:
    """A non-negative (or positive) amount with two decimals, or an Italian error."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = f"{label}: importo non valido."
        return None
    if amount < 0 or (positive and amount == 0):
        errors[field] = (
            f"{label}: l'importo deve essere {'maggiore di' if positive else 'almeno'} 0."
        )
        return None
    return amount
