UPDATE amazon.import_run SET counts = counts || %(counts)s WHERE run_key = %(run_key)s
