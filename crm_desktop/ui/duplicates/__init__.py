"""Contact duplicates: the pairs page, the setup dialog, the card notice, background batches."""
