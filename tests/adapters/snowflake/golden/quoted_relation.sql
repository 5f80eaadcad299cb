analytics."Mixed Case"."ORDER"
