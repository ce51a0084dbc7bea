"""Who sees what of servizi distrettuali (DOMAIN §7, §11)."""
