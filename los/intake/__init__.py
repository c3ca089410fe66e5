"""Migration history of the tables that `los.casework` and `los.coordinators` now own."""
