"""The hostile corpus: inputs meant to break obc, each with the clear error or result it must
give (issue 15). See `corpus` for the format and `test_corpus` for what every case asserts."""
