"""Who sees what of liste d'attesa rsa (DOMAIN §7, §11)."""
