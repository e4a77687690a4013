"""Readers, one per source format. They return rows and rejected rows with reasons, and drop
personal fields (names, BSN, birth date, street, place) before anything leaves the reader."""
