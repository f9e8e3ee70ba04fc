x = "abcÿ"
