print("\xZZ")
