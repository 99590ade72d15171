"""Read inputs and write outputs: streaming readers, atomic and path-safe writers."""

from seedclean.io.outputs import OutputSink
from seedclean.io.readers import Record, iter_records
from seedclean.io.writers import atomic_write, safe_output_path

__all__ = ["OutputSink", "Record", "atomic_write", "iter_records", "safe_output_path"]
