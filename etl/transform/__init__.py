"""Pure, vectorised steps on frames: parse, validate, place, pseudonymise, dedupe. No I/O."""
