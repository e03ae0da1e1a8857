"""Everything that writes the index: loaders, cleaning, chunking, embedding, storing."""

import core as _core  # noqa: F401, E402 - sets the offline switches first
