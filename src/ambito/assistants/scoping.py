"""Who sees what of registro degli assistenti familiari (DOMAIN §7, §11)."""
