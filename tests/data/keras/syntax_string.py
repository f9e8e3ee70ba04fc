# An unterminated string.
# expect-rc: 2
# expect-err: syntax_string.py:4: syntax error: unterminated string
print('hello)
print('next')
