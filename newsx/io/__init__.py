"""Reading inputs, writing records, running batches: everything that knows about files."""
