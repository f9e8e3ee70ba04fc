# Functions are outside the subset: defining one is harmless, calling it is refused.
# expect-rc: 2
# expect-err: unsup_def.py:8: calling a function defined in the program (line 5) is not supported
import numpy as np
def build(units):
    # a comment in the body
    return units * 2
n = build(3)
