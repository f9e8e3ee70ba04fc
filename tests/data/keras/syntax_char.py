# A character Python does not allow outside strings.
# expect-rc: 2
# expect-err: syntax_char.py:4: syntax error: invalid character
x = 1 $ 2
