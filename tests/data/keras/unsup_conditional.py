# A conditional expression.
# expect-rc: 2
# expect-err: unsup_conditional.py:4: 'if' is not supported
x = 1 if True else 2
