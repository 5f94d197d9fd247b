DELETE FROM amazon.validation_failure WHERE run_key = %(run_key)s
