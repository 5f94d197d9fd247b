"""`make bench`: the pipeline's throughput and memory against N, the per-order way and the COPY floor."""
