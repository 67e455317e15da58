"""What the window shows, computed without Qt: units of input editors, refused entries in words, the
plots' view of results, names of inputs and the Monte Carlo bands. Tested headless; gui/ draws it."""
