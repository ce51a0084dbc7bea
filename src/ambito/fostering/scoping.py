"""Who sees what of affido familiare (DOMAIN §7, §11)."""
