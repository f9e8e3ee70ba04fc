# A misspelt name is named.
# expect-rc: 2
# expect-err: unsup_undefined.py:5: name 'modle' is not defined
from keras import Sequential
modle.fit()
