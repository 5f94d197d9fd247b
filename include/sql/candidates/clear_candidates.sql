DELETE FROM amazon.import_candidate WHERE run_key = %(run_key)s
