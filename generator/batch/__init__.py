"""gaozi batch: one document per data row, in worker processes, every file written atomically."""
