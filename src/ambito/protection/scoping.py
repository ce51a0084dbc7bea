"""Who sees what of tutela minori e autorità giudiziaria (DOMAIN §7, §11)."""
