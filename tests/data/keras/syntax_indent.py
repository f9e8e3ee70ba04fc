# Unexpected indentation.
# expect-rc: 2
# expect-err: syntax_indent.py:5: syntax error: unexpected indent
import numpy as np
    x = 1
