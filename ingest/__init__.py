"""Everything that writes the index: loaders, cleaning, chunking, embedding, storing."""
