# An unclosed bracket: the error names the line it is found on.
# expect-rc: 2
# expect-err: syntax_paren.py:5: syntax error: '[' was never closed
from keras import Sequential
m = Sequential([
x = 1
