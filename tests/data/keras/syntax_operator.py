# A statement that is not Python.
# expect-rc: 2
# expect-err: syntax_operator.py:5: syntax error
x = 1
y = x +* 2
