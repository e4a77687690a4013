"""Pages: each module registers one page and wires its layout; no callbacks here."""
