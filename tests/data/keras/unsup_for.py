# Loops are outside the subset.
# expect-rc: 2
# expect-err: unsup_for.py:5: 'for' is not supported (nnviz runs straight-line Keras programs
import numpy as np
for i in range(3):
    print(i)
