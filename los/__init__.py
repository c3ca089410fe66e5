"""Los: the family's pilot through coordinated services."""
